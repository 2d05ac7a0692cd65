/**
 * The tables, as Kysely sees them. One schema for SQLite and PostgreSQL: text ids, ISO-8601 text timestamps,
 * integer flags and JSON kept as text, so both databases store and return the same values.
 */
export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_admin: number;
  /** set for a one-time or admin-reset password: the next request must change it */
  must_change_password: number;
  organisation_id: string | null;
  disabled: number;
  created_at: string;
}

export interface OrganisationTable {
  id: string;
  name: string;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a stolen database does not hold usable sessions */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginThrottleTable {
  /** "email:<address>" or "ip:<address>" */
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** JSON array of system ids, or null for every system the user may reach */
  systems: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SystemTable {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
}

export interface SystemMemberTable {
  system_id: string;
  user_id: string;
  role: string;
}

/** Which 27400 stakeholder role an organisation plays in a system. */
export interface SystemOrganisationTable {
  system_id: string;
  organisation_id: string;
  stakeholder: string;
}

export interface RevisionTable {
  system_id: string;
  number: number;
  sha256: string;
  message: string | null;
  created_at: string;
  created_by: string;
  /** pending | done | failed */
  assessment_state: string;
  /** a small JSON digest of the assessment for lists and trends */
  digest_json: string | null;
  assessment_error: string | null;
  assessed_at: string | null;
}

/** A revision's assessment: the same JSON as `iotassure assess --format json` (apart from the revision's row). */
export interface AssessmentTable {
  system_id: string;
  number: number;
  json: string;
}

/** A revision's model text, exactly as it was stored. */
export interface ModelTable {
  system_id: string;
  number: number;
  yaml: string;
}

/** Counters the database bumps on writes, against which each process checks what it keeps (migration 0005). */
export interface ChangeCounterTable {
  name: string;
  value: number;
}

export interface JobTable {
  id: string;
  kind: string;
  system_id: string;
  revision: number;
  /** queued | running | done | failed */
  state: string;
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** the two stores the server runs on: one schema, one set of migrations */
export type DatabaseKind = 'sqlite' | 'postgres';

export interface Database {
  users: UserTable;
  organisations: OrganisationTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  api_tokens: ApiTokenTable;
  systems: SystemTable;
  system_members: SystemMemberTable;
  system_organisations: SystemOrganisationTable;
  revisions: RevisionTable;
  assessments: AssessmentTable;
  models: ModelTable;
  change_counters: ChangeCounterTable;
  jobs: JobTable;
  audit_log: AuditLogTable;
  evidence_files: EvidenceFileTable;
  evidence_links: EvidenceLinkTable;
  comments: CommentTable;
  signoffs: SignoffTable;
  risk_approvals: RiskApprovalTable;
}

export interface EvidenceFileTable {
  sha256: string;
  size: number;
  content: Buffer;
  created_at: string;
}

export interface EvidenceLinkTable {
  system_id: string;
  sha256: string;
  filename: string;
  media_type: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface CommentTable {
  id: string;
  system_id: string;
  /** "control:<id>", "risk:<id>" or "system" */
  target: string;
  /** the revision the comment was made on */
  revision: number;
  author: string;
  author_name: string;
  body: string;
  created_at: string;
}

/** One step of a revision's sign-off: prepared, reviewed, approved, in that order, by different people. */
export interface SignoffTable {
  system_id: string;
  revision: number;
  step: string;
  user_id: string;
  user_name: string;
  role: string;
  note: string | null;
  at: string;
}

export interface RiskApprovalTable {
  system_id: string;
  revision: number;
  risk: string;
  approver: string;
  approver_name: string;
  approved_on: string;
  review_by: string;
}
