// awsQuery request parameters: `Name=value`, lists as `Name.member.N`, structures as `Name.Field`.

export class QueryParams {
  constructor(private readonly form: URLSearchParams) {}

  get(name: string): string | undefined {
    const v = this.form.get(name);
    return v === null ? undefined : v;
  }

  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const v = this.form.get(`${name}.member.${i}`);
      if (v === null) return out;
      out.push(v);
    }
  }

  bool(name: string): boolean {
    return this.form.get(name)?.toLowerCase() === 'true';
  }
}
