import { DEFAULT_AGENT_PRIVILEGES, DEFAULT_PRE_APPROVED_AGENT_PRIVILEGES } from './agent-privileges.js';

/** What a new workflow gets for the fields its creator did not send (POST /workflows, POST /workflows/batch). */
export const WORKFLOW_DEFAULTS = {
  agentPrivileges: DEFAULT_AGENT_PRIVILEGES,
  preApprovedAgentPrivileges: DEFAULT_PRE_APPROVED_AGENT_PRIVILEGES,
  workflowDefinition: 'software_development',
  allowAgentToRequestUser: true,
} as const;
