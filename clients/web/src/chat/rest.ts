// The REST calls the chat page makes (group-service, presence-service, the local token endpoint), each
// with the user's token; a refusal becomes an Error carrying the problem's code and detail.

import { problem } from "../shared/dom.js";

export interface SiteConfig {
  gateways: string[];
  groupApi: string;
  presenceApi: string;
  devTokens: string | null;
}

export interface Group {
  id: string;
  name: string;
}

export class Rest {
  constructor(
    private readonly config: SiteConfig,
    private readonly token: () => string,
  ) {}

  static async config(): Promise<SiteConfig> {
    const r = await fetch("config.json");
    if (!r.ok) throw new Error(`config.json: ${await problem(r)}`);
    return r.json();
  }

  static async devToken(config: SiteConfig, user: string): Promise<string> {
    const r = await fetch(`${config.devTokens}?user=${encodeURIComponent(user)}&ttl=PT12H`);
    if (!r.ok) throw new Error(await problem(r));
    return (await r.json()).token;
  }

  async myGroups(): Promise<Group[]> {
    const rows: { groupId: string }[] = await this.call(`${this.config.groupApi}/me/groups?limit=1000`);
    const groups: Group[] = [];
    for (const row of rows) {
      const g = await this.call<{ id: string; name: string }>(`${this.config.groupApi}/groups/${row.groupId}`);
      groups.push({ id: g.id, name: g.name });
    }
    return groups;
  }

  async group(id: string): Promise<Group> {
    return this.call(`${this.config.groupApi}/groups/${encodeURIComponent(id)}`);
  }

  async createGroup(name: string): Promise<Group> {
    return this.call(`${this.config.groupApi}/groups`, "POST", { name });
  }

  async addMember(groupId: string, user: string): Promise<void> {
    await this.call(
      `${this.config.groupApi}/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(user)}?role=MEMBER`,
      "PUT",
    );
  }

  private async call<T>(url: string, method = "GET", body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token()}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const r = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(await problem(r));
    return r.status === 204 ? (undefined as T) : r.json();
  }
}
