/**
 * The one place that decides who may do what. Every route asks `decide` before it acts; the role × action matrix
 * test walks every cell through the HTTP API.
 *
 * Roles are per system. Organisations play ISO/IEC 27400 stakeholder roles in a system (developer, provider,
 * user); a contributor may change only the controls owed by a role their organisation plays there.
 */

export const ROLES = ['owner', 'editor', 'contributor', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What can be done to a system, in the words the UI and the audit log use. */
export const SYSTEM_ACTIONS = [
  'system.read',
  'revision.create',
  'control.edit',
  'evidence.upload',
  'comment.create',
  'risk.treat',
  'risk.accept',
  'signoff.prepare',
  'signoff.review',
  'signoff.approve',
  'members.manage',
  'audit.read',
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** Actions outside any one system. */
export const GLOBAL_ACTIONS = ['system.create', 'users.manage', 'audit.read.all'] as const;
export type GlobalAction = (typeof GLOBAL_ACTIONS)[number];

const ALL = new Set<Role>(ROLES);
const WRITERS = new Set<Role>(['owner', 'editor']);

/** Which roles may take each action; `contributor` entries are further limited to the controls they owe. */
export const PERMISSIONS: Record<SystemAction, ReadonlySet<Role>> = {
  'system.read': ALL,
  'revision.create': WRITERS,
  'control.edit': new Set(['owner', 'editor', 'contributor']),
  'evidence.upload': new Set(['owner', 'editor', 'contributor']),
  'comment.create': new Set(['owner', 'editor', 'contributor', 'auditor']),
  'risk.treat': WRITERS,
  // Accepting a risk is a management decision: only the system's owner approves one.
  'risk.accept': new Set(['owner']),
  'signoff.prepare': WRITERS,
  'signoff.review': new Set(['auditor']),
  'signoff.approve': new Set(['owner']),
  'members.manage': new Set(['owner']),
  'audit.read': new Set(['owner', 'auditor']),
};

/** Actions an administrator may take on every system without being a member (to read and to repair access). */
const ADMIN_SYSTEM_ACTIONS = new Set<SystemAction>(['system.read', 'members.manage', 'audit.read']);

/** Actions limited, for contributors, to controls owed by their organisation's stakeholder roles. */
const CONTROL_SCOPED = new Set<SystemAction>(['control.edit', 'evidence.upload', 'comment.create']);

export interface Principal {
  userId: string;
  isAdmin: boolean;
  /** set when the request came with an API token: the systems it is limited to (null: all the user's) */
  tokenSystems?: readonly string[] | null;
}

export interface SystemContext {
  systemId: string;
  /** the principal's role in the system, if a member */
  role?: Role;
  /** stakeholder roles the principal's organisation plays in the system */
  stakeholders: readonly string[];
  /** for control actions: the stakeholders that owe the control */
  controlStakeholders?: readonly string[];
}

export type Decision = { allow: true } | { allow: false; reason: string };

const deny = (reason: string): Decision => ({ allow: false, reason });
const ALLOW: Decision = { allow: true };

export function decideSystem(principal: Principal, action: SystemAction, ctx: SystemContext): Decision {
  if (principal.tokenSystems && !principal.tokenSystems.includes(ctx.systemId)) {
    return deny(`this API token is not scoped to system ${ctx.systemId}`);
  }
  if (principal.isAdmin && ADMIN_SYSTEM_ACTIONS.has(action)) return ALLOW;
  const role = ctx.role;
  if (!role) return deny(`you are not a member of system ${ctx.systemId}`);
  if (!PERMISSIONS[action].has(role)) return deny(`the ${role} role may not ${describe(action)}`);
  if (role === 'contributor' && CONTROL_SCOPED.has(action)) {
    if (!ctx.controlStakeholders) return deny(`a contributor may ${describe(action)} only on a control`);
    const owed = ctx.controlStakeholders.some((s) => ctx.stakeholders.includes(s));
    if (!owed) {
      return deny(
        `a contributor may ${describe(action)} only on controls owed by their organisation's stakeholder role ` +
          `(${ctx.stakeholders.join(', ') || 'none in this system'}); this control is owed by ${ctx.controlStakeholders.join(', ')}`,
      );
    }
  }
  return ALLOW;
}

export function decideGlobal(principal: Principal, action: GlobalAction): Decision {
  switch (action) {
    case 'system.create':
      // A token limited to some systems must not create others.
      return principal.tokenSystems ? deny('an API token scoped to systems cannot create new systems') : ALLOW;
    case 'users.manage':
    case 'audit.read.all':
      if (principal.tokenSystems !== undefined) return deny('API tokens cannot administer the workspace');
      return principal.isAdmin ? ALLOW : deny('only an administrator may do this');
  }
}

function describe(action: SystemAction | GlobalAction): string {
  const words: Record<SystemAction, string> = {
    'system.read': 'read this system',
    'revision.create': 'change the model',
    'control.edit': 'change a control',
    'evidence.upload': 'upload evidence',
    'comment.create': 'comment',
    'risk.treat': 'change a risk treatment',
    'risk.accept': 'approve a risk acceptance',
    'signoff.prepare': 'prepare a sign-off',
    'signoff.review': 'review a sign-off',
    'signoff.approve': 'approve a sign-off',
    'members.manage': 'manage members',
    'audit.read': 'read the audit log',
  };
  return words[action as SystemAction] ?? action;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
