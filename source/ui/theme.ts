// Roles, not colours: components ask for `theme.status.failed`, never "red". With NO_COLOR every role is
// empty, so frames carry no escape codes at all (no colour, bold, dim or inverse); markers carry the meaning.
export interface Style {
  color?: string;
  backgroundColor?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
}

export interface Theme {
  noColor: boolean;
  status: {failed: Style; inProgress: Style; complete: Style; rollback: Style; deleted: Style};
  text: {primary: Style; muted: Style; accent: Style; title: Style; key: Style};
  focus: {border: string | undefined; blurred: string | undefined};
  selection: Style;
  banner: {rootCause: Style; error: Style; warning: Style; info: Style; success: Style};
  bar: {filled: Style; empty: Style};
}

const colour: Theme = {
  noColor: false,
  status: {
    failed: {color: 'red'},
    inProgress: {color: 'yellow'},
    complete: {color: 'green'},
    rollback: {color: 'magenta'},
    deleted: {color: 'gray'},
  },
  text: {
    primary: {},
    muted: {dimColor: true},
    accent: {color: 'cyan'},
    title: {bold: true},
    key: {color: 'cyan', bold: true},
  },
  focus: {border: 'cyan', blurred: 'gray'},
  selection: {inverse: true},
  banner: {
    rootCause: {color: 'white', backgroundColor: 'red', bold: true},
    error: {color: 'red', bold: true},
    warning: {color: 'yellow'},
    info: {color: 'yellow', bold: true},
    success: {color: 'green', bold: true},
  },
  bar: {filled: {color: 'green'}, empty: {dimColor: true}},
};

const plain: Theme = {
  noColor: true,
  status: {failed: {}, inProgress: {}, complete: {}, rollback: {}, deleted: {}},
  text: {primary: {}, muted: {}, accent: {}, title: {}, key: {}},
  focus: {border: undefined, blurred: undefined},
  selection: {},
  banner: {rootCause: {}, error: {}, warning: {}, info: {}, success: {}},
  bar: {filled: {}, empty: {}},
};

/** NO_COLOR counts only when set and non-empty (no-color.org). */
export function noColorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.NO_COLOR);
}

export function makeTheme(noColor: boolean = noColorFromEnv()): Theme {
  return noColor ? plain : colour;
}

/** The style of a CloudFormation status. */
export function statusStyle(theme: Theme, status: string, deleted = false): Style {
  if (deleted || status === 'DELETE_COMPLETE') return theme.status.deleted;
  if (status.endsWith('_FAILED')) return theme.status.failed;
  if (status.includes('ROLLBACK')) return status.endsWith('_IN_PROGRESS') ? theme.status.failed : theme.status.rollback;
  if (status.endsWith('_IN_PROGRESS')) return theme.status.inProgress;
  if (status.endsWith('_COMPLETE')) return theme.status.complete;
  return theme.text.primary;
}
