/** GitLab's agent privileges (ee/app/models/ai/duo_workflows/workflow.rb, AgentPrivileges). */
export const AGENT_PRIVILEGES = [
  { id: 1, name: 'read_write_files', description: 'Allow local filesystem read/write access', default_enabled: true },
  { id: 2, name: 'read_only_gitlab', description: 'Allow read only access to GitLab APIs', default_enabled: true },
  { id: 3, name: 'read_write_gitlab', description: 'Allow write access to GitLab APIs', default_enabled: true },
  { id: 4, name: 'run_commands', description: 'Allow running any commands', default_enabled: true },
  { id: 5, name: 'use_git', description: 'Allow git commits, push and other git commands', default_enabled: true },
  { id: 6, name: 'run_mcp_tools', description: 'Allow running MCP tools', default_enabled: true },
  { id: 7, name: 'start_flows', description: 'Allow starting other flows', default_enabled: false },
] as const;

export const PRIVILEGE_IDS = AGENT_PRIVILEGES.map((p) => p.id) as number[];
export const DEFAULT_AGENT_PRIVILEGES = AGENT_PRIVILEGES.filter((p) => p.default_enabled).map((p) => p.id) as number[];
export const DEFAULT_PRE_APPROVED_AGENT_PRIVILEGES = [1, 2];

const NAMES = new Map<number, string>(AGENT_PRIVILEGES.map((p) => [p.id, p.name]));

export function privilegeNames(ids: number[]): string[] {
  return ids.map((id) => NAMES.get(id) ?? String(id));
}
