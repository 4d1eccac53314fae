// The API's resources as the pages use them (docs/api.md has the whole shapes).

export type Role = "admin" | "manager" | "sales_rep" | "viewer";

export interface Me {
  kind: "user" | "api_key";
  role: Role;
  user?: { id: string; email: string; name: string; role: Role };
}

// A staff member (GET /api/v1/users); admins invite, change and disable them.
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
}

// A one-hour, one-time link with which a user sets a new password. `url` is null on a replay of
// the issuing request (the link is never stored).
export interface PasswordResetLink {
  user_id: string;
  url: string | null;
  expires_at: string;
}

// One staff action in the audit trail; `from` is null when the object was created.
export type AuditValue = string | number | boolean | null;

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  actor_name: string | null;
  address_hash: string | null;
  kind: string;
  object_id: string;
  changes: Record<string, { from: AuditValue; to: AuditValue }>;
  note: string | null;
}

export interface Program {
  id: string;
  name: string;
  slug: string;
  kind: string;
  description: string;
  landing_url: string;
  currency: string;
  status: string;
  attribution_window_days: number;
  referral_policy: { uses_opportunity: boolean };
  branding: Branding & ProgramWords;
  updated_at: string;
}

// The words a program speaks in (GET /api/v1/programs/{id}: each as in effect, a default filled
// in): the message advocates start from, the headline of their portal ("" none), and the landing
// page's headline and introduction. A segment may have its own (Segment).
export interface ProgramWords {
  share_message: string;
  portal_headline: string;
  landing_headline: string;
  landing_intro: string;
}

// A program's language and wording (GET /api/v1/programs/{id}/language): its BCP 47 tag and every
// sentence Bluebird writes to its advocates, in a fixed order.
export interface ProgramLanguage {
  program_id: string;
  language: string;
  messages: AdvocateMessage[];
}

export interface AdvocateMessage {
  key: string; // "stage.won"
  text: string; // the wording in effect
  default: string; // the English default
  custom: boolean; // whether the program reworded it
  placeholders: string[]; // those it may use, without braces
  about: string; // where advocates read it
}

export interface Branding {
  color: string;
  logo_url: string;
}

export interface PublicProgram {
  name: string;
  slug: string;
  kind: string;
  status: string;
  branding: Branding;
  // GET /api/v1/public/programs/{slug}: the landing page's words, rendered for the visitor's
  // referrer's segment (the program's without one).
  landing?: { headline: string; intro: string };
}

export interface Advocate {
  id: string;
  program_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  code: string;
  link: string;
  status: string;
  source?: string;
  enrolled_by?: string | null;
  attributes?: Record<string, string | number | boolean>;
  tags?: string[];
  created_at?: string;
}

export interface SignInLink {
  advocate_id: string;
  token: string;
  expires_at: string;
}

export interface Referee {
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  title?: string;
  phone?: string;
}

export interface ReferralEvent {
  id?: string;
  kind: string;
  from_stage: string | null;
  to_stage: string | null;
  actor?: string | null;
  actor_name?: string | null; // who, as a person reads it (staff views of one referral)
  note?: string;
  at: string;
  deal_value_minor?: number | null; // the value a move to won or a correction set
}

export interface Referral {
  id: string;
  program_id: string;
  advocate_id?: string;
  source: string;
  channel?: string;
  referee: Referee;
  product: string;
  note?: string;
  stage: string;
  review_status: string;
  review_reasons?: { reason: string; evidence?: string }[] | string[];
  deal_value_minor?: number | null;
  deal_currency?: string | null; // the deal value's currency; null without one
  segment_id?: string | null; // the segment its advocate was in when it was submitted
  created_at: string;
  updated_at: string;
  history?: ReferralEvent[];
  // One referral's GET: a rejected referral's paid rewards awaiting a clawback decision.
  clawback_needed?: Reward[];
  // The answer of a change (a correction, a rejection): what it reversed and created.
  rewards_reversed?: Reward[];
  rewards_created?: Reward[];
}

// A ledger entry: a rule's grant, a reissue or adjustment that deal value correction number
// `correction` made for the grant `corrects`, or what a catalogue redemption pays (`redemption_id`;
// no referral, no rule; it follows each decision on its redemption). Only an adjustment can be
// negative (owed back).
export type RewardEntry = "grant" | "reissue" | "adjustment" | "redemption";

export interface Reward {
  id: string;
  program_id: string;
  referral_id: string | null; // null for a redemption's entry
  rule_id: string | null; // null for a redemption's entry
  redemption_id: string | null; // the catalogue redemption an entry "redemption" pays; null otherwise
  advocate_id: string;
  beneficiary: string;
  entry: RewardEntry;
  correction: number;
  corrects: string | null;
  amount_minor: number;
  currency: string;
  kind: string;
  status: string;
  reason: string;
  payout_reference: string | null;
  reversal_reason?: string | null;
  created_at: string;
}

// A reward as the portal lists it for its advocate: with what it was given for, in their words.
export interface PortalReward extends Reward {
  description: string;
}

export interface Balance {
  currency: string;
  pending_minor: number;
  approved_minor: number;
  paid_minor: number;
  reversed_minor: number;
}

export interface PortalMe {
  advocate: Advocate;
  program: PublicProgram;
  share_message: string; // the message of their segment (else the program's) with their details filled in
  headline?: string; // their portal's headline, filled in; "" none
  password_set: boolean; // whether the advocate can sign in with a password
  balances: Balance[];
  language: string; // the program's BCP 47 tag: the portal's lang
  messages: Record<string, string>; // every sentence's key → the program's wording in effect
}

// The pipeline, in order; a program may skip "opportunity".
export const openStages = ["submitted", "qualified", "opportunity"];
export const closedStages = ["won", "lost", "rejected"];

export type { Page } from "./api";

// The figures of an answer that are estimates (GET /api/v1/analytics: a program's visitors), each
// with its relative standard error in basis points; empty when every figure is exact.
export interface Estimates {
  unique_visitors?: { relative_standard_error_bp: number };
}

export interface Funnel {
  clicks: number;
  unique_visitors: number;
  referrals: number;
  qualified: number;
  won: number;
  estimates: Estimates;
}

export interface ChannelFigures {
  channel: string;
  clicks: number;
  referrals: number;
  won: number;
}

// One advocate's clicks and referrals over a range (GET /api/v1/advocates/{id}/activity).
export interface Activity {
  advocate_id: string;
  from: string;
  to: string;
  funnel: Funnel;
  last_click_at: string | null;
  channels: ChannelFigures[];
}

export type Basis = "cohort" | "activity";

// Money on the dashboard, per currency: revenue of the wins, the cost of the rewards not reversed
// (pending ones included, and shown apart as committed), and ROI in basis points (null: no cost).
export interface MoneyFigures {
  currency: string;
  revenue_minor: number;
  reward_cost_minor: number;
  committed_minor: number;
  program_cost_minor: number;
  roi_bp: number | null;
}

export interface Analytics {
  basis: Basis;
  basis_description: string;
  program_id: string | null;
  from: string;
  to: string;
  funnel: Funnel & { referring_advocates: number };
  channels: ChannelFigures[];
  money: MoneyFigures[];
  top_advocates: {
    advocate_id: string;
    name: string;
    company: string;
    referrals: number;
    won: number;
    currency: string;
    revenue_minor: number;
  }[];
  new_advocates: { date: string; count: number }[];
}

// A program's figures for a month (PUT /api/v1/programs/{id}/months/{month}), in its currency.
export interface ProgramMonth {
  program_id: string;
  month: string;
  currency: string;
  cost_minor: number | null;
  total_pipeline_minor: number | null;
  total_revenue_minor: number | null;
  total_customers_at_start: number | null;
  total_new_customers: number | null;
  total_churned_customers: number | null;
  note: string;
  updated_by: string;
  updated_at: string;
}

// One side's customer figures in GET /api/v1/reports/customers; null where it cannot be known.
export interface CustomerFigures {
  customers_at_start: number | null;
  new_customers: number | null;
  churned_customers: number | null;
  retention_bp: number | null;
  churn_bp: number | null;
  new_revenue_minor: number | null;
  revenue_per_new_customer_minor: number | null;
  unpriced_new_customers?: number | null;
}

// GET /api/v1/analytics/nps: the score of a range beside each class's referral rate.
export type NpsClass = "promoter" | "passive" | "detractor";
export interface NpsReport {
  program_id: string;
  from: string;
  to: string;
  window_days: number;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  referral_rate_bp: Record<NpsClass, number | null>;
  classes: {
    class: NpsClass;
    respondents: number;
    referred: number;
    referrals: number;
    referral_rate_bp: number | null;
    referrals_per_respondent_milli: number | null;
    won: number;
    won_other_currency: number;
    revenue_minor: number;
    revenue_per_respondent_minor: number | null;
    window_open: number;
  }[];
  currency: string; // the program's: every revenue figure's
  earned_growth: EarnedGrowth;
  months: { month: string; from: string; to: string; responses: number; promoters: number; passives: number; detractors: number; nps: number | null }[];
  followups: FollowupFigures;
  basis: string;
}

// Reichheld's earned growth rate over the NPS report's range (period basis: referrals won in it);
// enc_bp and earned_growth_rate_bp only when the inputs were given.
export interface EarnedGrowth {
  won: number;
  won_other_currency: number;
  won_without_value: number;
  earned_revenue_minor: number;
  prior_revenue_minor: number | null;
  nrr_bp: number | null;
  enc_bp: number | null;
  earned_growth_rate_bp: number | null;
}

// How the follow-ups of a range's detractors went (the NPS report's "followups").
export interface FollowupFigures {
  opened: number;
  contacted_on_time: number;
  contacted_late: number;
  overdue: number;
  waiting: number;
  closed: number;
  on_time_bp: number | null;
}

// GET /api/v1/followup-tasks: a detractor's answer, to be followed up by its owner.
export type FollowupStatus = "open" | "contacted" | "closed";
export interface FollowupTask {
  id: string;
  program_id: string;
  nps_response_id: string;
  email: string;
  advocate_id: string | null;
  owner_id: string | null;
  owner_name: string | null;
  score: number;
  comment: string;
  status: FollowupStatus;
  note: string;
  answered_at: string;
  due_at: string;
  contacted_at: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  updated_by_name: string | null;
  closed_at: string | null;
}

// GET /api/v1/reports/customers: referred customers against the rest, month by month.
export interface CustomerReport {
  program_id: string;
  currency: string;
  from: string;
  to: string;
  complete: boolean;
  months: { month: string; referred: CustomerFigures; other: CustomerFigures; notes: string[] }[];
  total: { referred: CustomerFigures; other: CustomerFigures };
  method: string;
}

export interface StageWinRate {
  stage: string;
  reached: number;
  won: number;
  lost: number;
  rejected: number;
  open: number;
  win_rate_bp: number | null;
}

// GET /api/v1/reports/pipeline: one program's time to close, win rate by stage and forecast.
export interface PipelineReport {
  program_id: string;
  currency: string;
  from: string;
  to: string;
  time_to_close: { channel: string | null; won: number; median_seconds: number | null; p90_seconds: number | null }[];
  stages: StageWinRate[];
  forecast: {
    as_of: string;
    history_from: string;
    average_deal_minor: number | null;
    median_close_seconds: number | null;
    rates: StageWinRate[];
    open_referrals: number;
    expected_won_milli: number;
    expected_revenue_minor: number;
    months: { month: string; open_referrals: number; expected_won_milli: number; expected_revenue_minor: number }[];
    method: string;
  };
}

export type RoiPreset = "bank_case" | "b2b_purchase" | "benchmark";

// POST /api/v1/roi/estimate's answer: counts in thousandths, money in minor units of `currency`.
export interface RoiEstimate {
  program_id: string | null;
  currency: string;
  months: number;
  engaged_milli: number;
  referrals_milli: number;
  won_milli: number;
  revenue_minor: number;
  margin_minor: number | null;
  reward_cost_minor: number;
  program_cost_minor: number;
  cost_minor: number;
  net_minor: number;
  roi_bp: number | null;
  roi_on_margin_bp: number | null;
  cost_per_won_minor: number | null;
  payback_days: number | null;
  marketing_leads_for_same_wins_milli: number;
  assumptions: { name: string; value: number; source: string }[];
  history: {
    period: string;
    referring_advocates: number;
    referrals: number;
    won: number;
    revenue_minor: number;
    reward_cost_minor: number;
  } | null;
  method: string;
}

export interface RewardRule {
  id: string;
  name: string;
  trigger: { stage?: string; nth_won?: number };
  beneficiary: string;
  amount: { fixed_minor?: number; percent_bp?: number; min_minor?: number; max_minor?: number };
  kind: string;
  requires_approval: boolean;
  conditions: {
    segment: { attributes: Record<string, string | number | boolean>; tags: string[] };
    channels: string[];
    products: string[];
    // The deal's buying committee as recorded when the reward is earned: roles held between the
    // members, and how many of the four buying influences they cover. null: any committee.
    committee: { roles: string[]; min_influences: number } | null;
  };
  cap: { period: string; max_count?: number | null; max_minor?: number | null } | null;
  promotion: { multiplier_bp: number; starts_at: string; ends_at: string } | null;
  status: string;
}

export interface RewardPreview {
  rewards: { rule_id: string | null; rule_name: string; beneficiary: string; amount_minor: number; currency: string; kind: string; reason: string }[];
  withheld: { rule_id: string | null; rule_name: string; reason: string }[];
}

// A webhook endpoint (GET /api/v1/webhook-endpoints). `secret` is only in the answers to its
// creation and to a rotation (null on a replay of those requests), never in a GET.
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null; // "disabled by staff", "the receiver answered 410 Gone", ...
  failing_since: string | null;
  previous_secret_valid_until: string | null; // after a rotation, until when the old secret signs too
  created_at: string;
  updated_at: string;
  secret?: string | null;
}

// One item of the outbox: a webhook delivery (target: the endpoint's id) or an email (target: the
// recipient's address). `payload` is the event for a webhook; an email's envelope and subject.
export type OutboxState = "pending" | "delivered" | "dead";

export interface OutboxItem {
  id: string;
  kind: "webhook" | "email";
  target: string;
  message_id: string;
  event_type: string;
  state: OutboxState;
  attempts: number;
  created_at: string;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status: number | null; // the receiver's HTTP status or the SMTP reply code; null without an answer
  last_error: string | null;
  finished_at: string | null;
  payload: unknown;
}

export interface OutboxAttempt {
  number: number;
  at: string;
  duration_ms: number;
  status: number | null;
  error: string | null;
}

// One item read alone: its attempts, oldest first, instead of their number.
export type OutboxItemDetail = Omit<OutboxItem, "attempts"> & { attempts: OutboxAttempt[] };

// An address Bluebird must not email (GET /api/v1/suppressions).
export interface Suppression {
  id: string;
  email: string;
  reason: "bounce" | "complaint" | "staff" | "unsubscribe";
  note: string;
  actor: string; // the user or API key that added it; "system" for a bounce Bluebird recorded
  created_at: string;
}

// A program's email of one kind (GET /api/v1/programs/{id}/email-templates): the template in
// effect — the program's own ("customized") or the kind's default — and what the kind allows.
export interface EmailTemplate {
  kind: string;
  description: string;
  transactional: boolean; // no unsubscribe footer; goes even to addresses that unsubscribed
  requires_link: boolean; // the body must use {{link}}
  placeholders: string[]; // names, as in {{advocate.first_name}}
  subject: string;
  body: string;
  automatic: boolean; // sent by Bluebird on its own (after a change), so the program may turn it off
  enabled: boolean; // false: the program turned this automatic email off
  customized: boolean;
  updated_at: string | null;
  updated_by: string | null;
}

// A template rendered with sample values (Ada Lovelace referring Grace Hopper).
export interface EmailPreview {
  subject: string;
  text: string;
  html: string;
}

// A campaign (GET /api/v1/campaigns/{id}): a wave of invitations to join a program, or of nudges
// to advocates who never shared or referred ("activation"), with reminders. The figures count
// recipients (reminders_sent counts emails); a program's list (GET /api/v1/programs/{id}/campaigns)
// has none of them.
export type CampaignKind = "invitation" | "activation" | "nps_survey";
export type CampaignState = "scheduled" | "running" | "completed" | "cancelled";

export interface CampaignFigures {
  recipients: number;
  sent: number;
  delivered: number;
  bounced: number;
  opened: number;
  joined: number;
  shared: number;
  referred: number;
  unsubscribed: number;
  reminders_sent: number;
  answered: number; // NPS survey: answered through their link
  throttled: number; // NPS survey: skipped, surveyed within the throttle window
}

export interface Campaign extends Partial<CampaignFigures> {
  id: string;
  program_id: string;
  name: string;
  kind: CampaignKind;
  state: CampaignState;
  send_at: string;
  reminders_after_days: number[];
  created_by: string;
  created_at: string;
  completed_at: string | null;
  throttle_days: number | null; // NPS survey only
  trigger: "nps_promoter" | "portal" | null; // automatic: the NPS loop's rule for promoters, or the portal's NPS question
  quiet_days: number | null; // automatic activation (the promoter nudge) only
}

// Why a recipient gets no more emails (null: more may come).
export type RecipientStop =
  | "joined"
  | "already_advocate"
  | "acted"
  | "inactive"
  | "unsubscribed"
  | "bounced"
  | "schedule_ended"
  | "cancelled"
  | "answered"
  | "throttled"
  | "detractor"
  | "dismissed"
  | "not_promoter";

export interface CampaignRecipient {
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  advocate_id: string | null;
  sent_at: string | null;
  reminders_sent: number;
  next_send_at: string | null;
  delivered_at: string | null;
  bounced_at: string | null;
  opened_at: string | null;
  joined_at: string | null;
  shared: boolean;
  referred: boolean;
  stopped: RecipientStop | null;
  stopped_at: string | null;
  nps_response_id: string | null;
  added_at: string | null; // when they were added (automatic campaigns add people as they answer)
}

// What a personal join link shows the person invited (POST /api/v1/public/invitations/{token}/open).
export interface InvitationOpened {
  program: string; // the program's slug
  program_name: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  joined: boolean;
}

// The staff notifications the signed-in user chose (GET/PUT /api/v1/me/notifications).
export interface NotificationChoices {
  referral_held: boolean;
  daily_digest: boolean;
  monthly_report: boolean;
  followup_opened: boolean;
}

// A CSV import (POST/GET /api/v1/imports): its progress and report. Counts are of data rows;
// `row` in an issue counts as a spreadsheet does (the header row is row 1) and `column` is the
// file's own header ("" for the row or the file as a whole). A list (GET /api/v1/imports) has no
// errors or warnings.
export type ImportStatus = "running" | "completed" | "failed" | "interrupted";

export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

export interface Import {
  id: string;
  program_id: string;
  kind: "advocates" | "referrals";
  dry_run: boolean;
  status: ImportStatus;
  rows_total: number;
  rows_done: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  errors?: ImportIssue[];
  errors_truncated: boolean;
  warnings?: ImportIssue[];
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

// A CRM connector (GET /api/v1/connectors/{id}): never its credentials, only the sign-in's flow and
// non-secret names. Its referrals are counted by state now.
export type ConnectorKind = "salesforce" | "hubspot";
export type ConnectorHealth = "ok" | "backing_off" | "broken";
export type CrmStageTarget = "qualified" | "opportunity" | "won" | "lost";
export interface Connector {
  id: string;
  kind: ConnectorKind;
  program_id: string | null; // null: every program
  base_url: string;
  auth: { flow: "client_credentials" | "jwt_bearer" | "token"; client_id?: string; username?: string };
  stage_map: Record<string, CrmStageTarget>;
  lead_source: string;
  lead_status: string | null;
  send: "clear" | "all";
  poll_seconds: number;
  enabled: boolean;
  sync_advocates: boolean; // the CRM's contacts of advocates are marked (advocate, code, referral count)
  sync_scores: boolean; // each referral's lead score and grade are written on its CRM record
  scores_scanned_at: string | null; // when the last hourly score scan ended
  health: ConnectorHealth;
  health_message: string | null;
  resume_at: string | null;
  last_poll_at: string | null;
  next_poll_at: string | null;
  referrals: { pending: number; synced: number; failed: number };
  created_at: string;
  updated_at: string;
}

// What "test connection" found (POST /api/v1/connectors/{id}/test).
export interface CrmStage {
  object: string; // "Opportunity.StageName", "Lead.Status", or a HubSpot pipeline's label
  id: string; // the API value the stage map is keyed by
  label: string;
  closed: boolean;
  won: boolean;
}
export interface ConnectionCheck {
  ok: boolean;
  problems: string[];
  stages: CrmStage[];
  api_usage: string | null;
}

// One line of a connector's sync log.
export interface ConnectorLogEntry {
  id: string;
  at: string;
  direction: "outbound" | "inbound" | "auth" | "test";
  outcome: "ok" | "changed" | "skipped" | "failed" | "retry";
  referral_id: string | null;
  crm_id: string | null;
  message: string;
}

// Advocacy points: a unit of their own, never money (GET /api/v1/advocates/{id}/points and the
// portal's GET /api/v1/portal/points). Lifetime points set the level and the leaderboards;
// redeemable points are the spendable ones, which may expire.
export type PointsBalanceKind = "both" | "redeemable" | "lifetime";
// A challenge's step done earns what the step says ("Challenge: <name> — <step>"). A redemption
// spends redeemable points on a catalogue item; its refund gives them back (rejected or cancelled).
export type PointsReason =
  | "referral_submitted"
  | "referral_qualified"
  | "referral_won"
  | "nps_answered"
  | "challenge"
  | "reversal"
  | "adjustment"
  | "redemption"
  | "redemption_refund";
// What a badge counts: one of the five earned actions (challenge steps done among them), or
// lifetime points.
export type BadgeAction =
  | "referral_submitted"
  | "referral_qualified"
  | "referral_won"
  | "nps_answered"
  | "challenge"
  | "lifetime_points";

export interface BadgeProgress {
  name: string;
  action: BadgeAction;
  target: number;
  progress: number; // up to target
  earned: boolean;
  earned_at: string | null;
}

export interface PointsSummary {
  advocate_id: string;
  program_id: string;
  as_of: string;
  enabled: boolean; // the program keeps points (off: the portal shows none)
  lifetime: number;
  redeemable: number;
  expired: number;
  next_expiry: { points: number; at: string } | null;
  level: string | null; // null below the first level (negative lifetime points)
  level_rank: number;
  next_level: { name: string; min_points: number; points_to_go: number } | null; // null at the top
  level_progress_bp: number; // 0..10,000 from this level to the next
  badges: BadgeProgress[];
}

export interface PointsEntry {
  id: string;
  program_id: string;
  advocate_id: string;
  points: number; // signed
  balance: PointsBalanceKind;
  reason: PointsReason;
  description: string; // in the advocate's words
  ref: string | null;
  reverses: string | null;
  note: string;
  earned_at: string;
  recorded_at: string;
  recorded_by: string;
}

export type LeaderboardPeriod = "all_time" | "month" | "rolling_30d";

export interface LeaderboardRow {
  rank: number;
  name: string;
  points: number;
}

// The staff board (GET /api/v1/leaderboards): each row with its advocate and whether they chose
// not to be named to other advocates.
export interface Leaderboard {
  program_id: string;
  period: LeaderboardPeriod;
  month: string | null;
  as_of: string;
  tag: string | null;
  basis: string;
  data: (LeaderboardRow & { advocate_id: string; hidden: boolean; reached_at: string })[];
}

// The portal's board: others by first name and initial ("An advocate" for those not named), and
// the advocate's own row (`you`), wherever it is.
export interface PortalLeaderboard {
  program_id: string;
  period: LeaderboardPeriod;
  month: string | null;
  as_of: string;
  basis: string;
  data: LeaderboardRow[];
  you: LeaderboardRow | null;
  named: boolean;
  group: string | null; // the group whose board this is (a tag), null for the program's
  groups: string[]; // the advocate's groups that have a board of their own
}

export interface PointsLevel {
  name: string;
  min_points: number;
}

export interface PointsBadge {
  name: string;
  action: BadgeAction;
  count: number;
}

export interface PointsSettings {
  program_id: string;
  enabled: boolean;
  referral_submitted: number;
  referral_qualified: number;
  referral_won: number;
  nps_answered: number;
  expire_after_days: number; // 0: never
  expiry_from: string | null; // points earned before it count their days from it
  levels: PointsLevel[];
  badges: PointsBadge[];
  board_groups: string[]; // tags whose members also see their group's board in the portal
  updated_at: string | null;
  updated_by: string | null;
}

// The rewards catalogue: items a program's advocates buy with redeemable points
// (GET /api/v1/programs/{id}/catalog-items), and their redemptions (GET /api/v1/redemptions).
export type CatalogApproval = "auto" | "manual"; // auto: trusted advocates are approved at once
export type WhenOutOfStock = "backorder" | "refuse";

// What redeeming an item pays into the reward ledger, always in the program's currency (sent as
// `{kind, amount_minor}`; `null` removes it). A redemption keeps it as it was when made.
export type CatalogRewardKind = "cash" | "credit" | "gift_card" | "custom";

export interface CatalogReward {
  kind: CatalogRewardKind;
  amount_minor: number;
  currency: string;
}

export interface CatalogItem {
  id: string;
  program_id: string;
  name: string;
  description: string;
  cost_points: number;
  stock: number | null; // units not yet promised; null: unlimited
  per_member_limit: number | null; // null: no limit
  approval: CatalogApproval;
  when_out: WhenOutOfStock;
  reward: CatalogReward | null; // null: it pays nothing but the item itself
  active: boolean; // false: retired (no longer offered)
  redeemed: number; // redemptions not rejected or cancelled
  created_at: string;
  updated_at: string;
}

export type RedemptionStatus = "requested" | "approved" | "backordered" | "fulfilled" | "rejected" | "cancelled";

export interface Redemption {
  id: string;
  program_id: string;
  advocate_id: string;
  advocate_name: string | null; // null when the advocate is no longer found
  item_id: string;
  item_name: string; // as it was when redeemed
  cost_points: number;
  status: RedemptionStatus;
  reference: string; // what was sent (a voucher code, a tracking number); the payout's, for one that pays a reward
  reward: CatalogReward | null; // what it pays, as the item paid when it was redeemed
  reward_id: string | null; // its reward ledger entry (entry "redemption"), when it pays a reward
  note: string; // why it was rejected
  created_at: string;
  updated_at: string;
  decided_by: string | null; // the staff member who last changed it, or the advocate (a cancel)
  decided_by_name: string | null;
}

// The portal's catalogue (GET /api/v1/portal/catalog): the active items, each saying whether the
// advocate can redeem it now and, when not (or when it would wait for stock), why in their words.
export interface PortalCatalogItem {
  id: string;
  name: string;
  description: string;
  cost_points: number;
  reward: CatalogReward | null;
  available: boolean;
  why_not: string | null;
  in_stock: boolean;
}

export interface PortalCatalog {
  redeemable: number;
  items: PortalCatalogItem[];
}

// The advocate's own redemptions (GET /api/v1/portal/redemptions).
export type PortalRedemption = Omit<Redemption, "advocate_name" | "decided_by" | "decided_by_name" | "note">;

// Challenges: what a program asks its advocates to do for points, in typed steps
// (GET /api/v1/programs/{id}/challenges). The first five types are done by themselves, from events
// Bluebird sees; the last three are claimed by the advocate (or recorded by staff) and approved by
// staff.
export type ChallengeStepType =
  | "share_link"
  | "submit_referral"
  | "referral_qualified"
  | "referral_won"
  | "answer_survey"
  | "write_review"
  | "attend_event"
  | "custom";

// The channels a share step may ask for ("" any): those the portal's share buttons mark links with.
export type ShareChannel = "" | "email" | "linkedin" | "x" | "facebook" | "whatsapp" | "sms";

export interface ChallengeStep {
  type: ChallengeStepType;
  points: number;
  title: string; // "" shows `words`' default for the type
  channel: ShareChannel; // share_link only
  words: string; // the step in the advocate's words ("Write a review", or the title)
  claimed: boolean; // claimed by the advocate, approved by staff
  taken: number; // completions pending or approved, which count toward the limits
}

export interface Challenge {
  id: string;
  program_id: string;
  name: string;
  description: string;
  steps: ChallengeStep[];
  starts_at: string;
  ends_at: string | null; // null: open until retired
  tags: string[]; // offered to advocates with one of these; []: to everyone
  per_member_limit: number; // completions of each step per advocate
  total_limit: number | null; // completions of each step in all; null: no limit
  active: boolean; // false: retired
  created_at: string;
  updated_at: string;
}

export type CompletionStatus = "pending" | "approved" | "rejected" | "reversed";

// One step done, or claimed (GET /api/v1/challenge-completions). `ref` names what did it for a
// step done by itself (a referral, a survey answer, "share:<advocate id>"); "" for a claim or a
// staff record. `decided_by` is "system" for steps done by themselves.
export interface ChallengeCompletion {
  id: string;
  program_id: string;
  challenge_id: string;
  challenge_name: string | null;
  step: number; // index into the challenge's steps
  words: string | null; // the step in the advocate's words (null if the challenge is gone)
  advocate_id: string;
  advocate_name: string | null;
  status: CompletionStatus;
  url: string; // a review's address
  text: string; // what the advocate (or staff) said they did
  points: number; // the step's points when it was done
  note: string; // why it was rejected
  ref: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
}

// A step as the signed-in advocate sees it (GET /api/v1/portal/challenges): what they have done
// (`done` approved, `pending` waiting for staff, out of `limit`), what a claim must carry, and why
// they cannot do it (again) now.
export interface PortalChallengeStep {
  step: number;
  words: string;
  points: number;
  claimed: boolean;
  url_required: boolean;
  text_required: boolean;
  done: number;
  pending: number;
  limit: number;
  available: boolean;
  why_not: string | null;
}

export interface PortalChallenge {
  id: string;
  name: string;
  description: string;
  ends_at: string | null;
  steps: PortalChallengeStep[];
}

export type PortalCompletion = Omit<
  ChallengeCompletion,
  "program_id" | "advocate_id" | "advocate_name" | "ref" | "decided_by" | "decided_by_name"
>;

// The open challenges offered to the advocate, and their latest completions, newest first.
export interface PortalChallenges {
  challenges: PortalChallenge[];
  recent: PortalCompletion[];
}

// Happiness ratings: after an email, a reward paid, a referral handled or a review decided, the
// person is asked "How did we do?" and answers happy, OK or unhappy ("wow" is an extra, with happy
// only). One rating per request: the latest answer wins.
export type RatingValue = "happy" | "ok" | "unhappy";
export type RatingInteraction = "email" | "reward_paid" | "referral_handled" | "review_decision";

// What the public rating page shows for its token (GET/POST /api/v1/public/ratings/{token});
// `value` is null until the person answers.
export interface RatingPage {
  program_name: string;
  subject: string;
  interaction: RatingInteraction;
  value: RatingValue | null;
  wow: boolean;
  comment: string;
}

// A request open in the advocate's portal (GET /api/v1/portal/ratings): newest first, at most 5.
export interface PortalRatingRequest {
  id: string;
  interaction: RatingInteraction;
  subject: string;
  created_at: string;
  expires_at: string;
}

export type HappinessGrouping = "staff" | "interaction" | "program";

// One group of the report: its ratings counted by value, their shares and score in basis points
// (null with no rating), points (happy + wow − unhappy) and how many of the requests were answered.
// Key "" is the program itself (what no one person did, such as an email).
export interface HappinessGroup {
  key: string;
  name: string;
  requests: number;
  rated: number;
  response_rate_bp: number | null;
  happy: number;
  ok: number;
  unhappy: number;
  wow: number;
  total: number;
  pct_happy_bp: number | null;
  pct_ok_bp: number | null;
  pct_unhappy_bp: number | null;
  happiness_score_bp: number | null; // % happy − % unhappy: −10,000..10,000
  points: number;
}

// GET /api/v1/happiness: the ratings given and requests made in [from, to).
export interface HappinessReport {
  from: string;
  to: string;
  group_by: HappinessGrouping;
  basis: string;
  groups: HappinessGroup[];
  all: HappinessGroup;
}

// A rating with its comment (GET /api/v1/ratings): admins see every one, other staff those about
// themselves. The list holds only ratings that count: `superseded_by` is null and `deleted` false
// there (a DELETE answers the rating with `deleted` true).
export interface Rating {
  id: string;
  program_id: string;
  interaction: RatingInteraction;
  interaction_id: string;
  rated_user_id: string | null;
  rated_name: string | null;
  recipient: string;
  value: RatingValue;
  wow: boolean;
  comment: string;
  suspicious: boolean;
  superseded_by: string | null;
  deleted: boolean;
  created_at: string;
  updated_at: string;
}

// A program's segment (GET /api/v1/programs/{id}/segments): a filter over advocates' attributes,
// tags, NPS class and level, in order (the first active segment that holds an advocate is theirs),
// with its own words ("" falls back to the program's) and emails.
export interface Segment {
  id: string;
  program_id: string;
  name: string;
  description: string;
  position: number | null; // 1-based among the active segments; null when retired
  attributes: Record<string, string[]>; // per key: the advocate's value (as text) is one of these
  tags: string[]; // the advocate carries all of them
  nps_classes: NpsClass[]; // their latest NPS answer is of one of them
  min_level: string; // "" any level
  share_message: string;
  portal_headline: string;
  landing_headline: string;
  landing_intro: string;
  own_emails: string[]; // the kinds of email it has its own template of
  active: boolean;
  warnings: string[];
  created_at: string;
  updated_at: string;
}

// A segment's email of one kind (GET /api/v1/segments/{id}/email-templates): its own words
// ("customized") or the program's template in effect.
export interface SegmentEmailTemplate extends EmailTemplate {
  segment_id: string;
}

// GET /api/v1/advocates/{id}/segment: the segment an advocate is in, and the words they are shown
// (templates: placeholders not filled).
export interface AdvocateSegment {
  advocate_id: string;
  segment: { id: string; name: string; position: number } | null;
  words: ProgramWords; // templates
  rendered: ProgramWords; // filled in for the advocate
}

// GET /api/v1/reports/segments: the referrals submitted in the range, each in the segment its
// advocate was in when it was submitted (segment_id null: in none).
export interface SegmentFigures {
  segment_id: string | null;
  name: string | null;
  active: boolean;
  referrals: number;
  referring_advocates: number;
  qualified: number;
  won: number;
  lost: number;
  rejected: number;
  open: number;
  win_rate_bp: number | null;
  revenue_minor: number;
  reward_cost_minor: number;
}

export interface SegmentReport {
  program_id: string;
  currency: string;
  from: string;
  to: string;
  basis: "cohort";
  basis_description: string;
  segments: SegmentFigures[];
}

// Lifecycle stages (GET/PATCH /api/v1/programs/{id}/lifecycle-settings): ordered by weight, with
// the terminal stage `lost` after them; each `on_*` is a stage key or "" for no automatic move.
export interface LifecycleStage {
  key: string;
  name: string;
  weight: number;
}

export interface LifecycleSettings {
  program_id: string;
  stages: LifecycleStage[];
  on_referral_submitted: string;
  on_referral_won: string;
  on_enrolled: string;
  lose_on_referral_closed: boolean;
  updated_at: string | null;
  updated_by: string | null;
}

// One move of a person's append-only log; `reached` lists the stages entered, those passed first.
export interface LifecycleMove {
  id: string;
  email: string;
  from: string | null;
  to: string;
  reached: string[];
  at: string;
  source: "auto" | "staff";
  actor_id: string | null;
  reason: string;
}

export interface LifecycleContact {
  email: string;
  stage: string;
  entered_at: string;
  first_seen_at: string;
}

// GET /api/v1/programs/{id}/lifecycle-contact?email=
export interface LifecycleHistory extends LifecycleContact {
  moves: LifecycleMove[];
}

// POST /api/v1/programs/{id}/lifecycle-moves
export interface LifecycleMoveResult {
  changed: boolean;
  move: LifecycleMove | null;
  contact: LifecycleContact;
}

// GET /api/v1/lifecycle: one row per stage, then `lost`; each figure on the basis `basis` states
// (count: stock at as_of; entries, throughput_bp: flow in [from, to); the rest: the cohort whose
// first entry is in [from, to)).
export interface LifecycleStageFigures {
  stage: string;
  name: string;
  next: string | null;
  count: number;
  entries: number;
  cohort: number;
  converted: number;
  lost: number;
  in_progress: number;
  conversion_bp: number | null;
  loss_bp: number | null;
  in_progress_bp: number | null;
  median_days_in_stage: number | null; // Kaplan–Meier, those still in the stage censored
  median_days_of_ended_stays: number | null;
  throughput_bp: number | null;
}

export interface LifecycleFigures {
  program_id: string;
  from: string;
  to: string;
  as_of: string;
  people: number;
  stages: LifecycleStageFigures[];
  basis: string;
}

// Lead scoring (GET/PUT /api/v1/programs/{id}/score-model): the rules of one published version
// (version 0: the default model). Scores are points with two decimals.
export interface FitRule {
  attribute: string;
  op: "eq" | "neq" | "in" | "contains" | "gte" | "lte" | "known" | "unknown";
  values: string[];
  points: number;
}

export interface EventRule {
  event_type: string;
  product: string;
  channel: string;
  points: number;
  repeatable: boolean;
  max_per_day: number | null;
  max_points: number | null;
}

export interface ScoreGroup {
  name: string;
  dimension: "fit" | "engagement";
  limit: number;
  fit_rules: FitRule[];
  event_rules: EventRule[];
}

export interface ScoreModelRules {
  name: string;
  score_limit: number;
  groups: ScoreGroup[];
  decay: { mode: "none" | "window" | "step" | "half_life"; window_days: number; step_bp: number; period_days: number; half_life_days: number };
  bands: { fit_a: number; fit_b: number; engagement_1: number; engagement_2: number };
  mql: { fit: number; engagement: number };
  rollup: { mode: "sum" | "max" | "top_n_sum" | "avg"; top_n: number; account_limit: number | null };
}

export interface ScoreModel extends ScoreModelRules {
  program_id: string;
  version: number;
  published_at: string | null;
  published_by: string | null;
}

export interface LeadScore {
  fit: number;
  engagement: number;
  total: number;
  grade: string; // "A1".."C3"
  mql: boolean;
  mql_at: string | null;
  last_engaged_at: string | null;
  model_version: number;
}

// GET /api/v1/referral-scores: the propensity ranking.
export interface RankedReferral extends LeadScore {
  referral_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  stage: string;
  submitted_at: string;
  rank: number;
  percentile_bp: number;
}

// GET /api/v1/accounts: companies by email domain, their people's scores rolled up.
export interface AccountScore {
  id: string;
  domain: string;
  score: number;
  fit: number;
  engagement: number;
  band: string;
  contacts: number;
  engaged_contacts: number;
  mql_contacts: number;
  open_referrals: number;
  won_referrals: number;
  last_engaged_at: string | null;
}

export interface ScorePage<T> {
  data: T[];
  next_cursor: string | null;
  count: number;
  as_of: string;
  model_version: number;
}

// GET /api/v1/scores/calibration: snapshot scores (at submission) against outcomes.
export interface CalibrationDecile {
  decile: number;
  count: number;
  won: number;
  win_rate_bp: number | null;
  lift_bp: number | null;
  cumulative_capture_bp: number | null;
  cumulative_lift_bp: number | null;
  min_score: number | null;
  max_score: number | null;
}

export interface CalibrationGrade {
  grade: string;
  count: number;
  won: number;
  win_rate_bp: number | null;
  lift_bp: number | null;
}

export interface ScoreCalibration {
  program_id: string;
  model_version: number;
  from: string;
  to: string;
  as_of: string;
  outcome_window_days: number;
  submitted: number;
  censored: number;
  count: number;
  won: number;
  win_rate_bp: number | null;
  auc_bp: number | null;
  deciles: CalibrationDecile[];
  grades: CalibrationGrade[];
  basis: string;
}

// Customer value (GET/PUT /api/v1/programs/{id}/value-settings, GET /api/v1/customer-value, GET
// /api/v1/advocates/{id}/customer-value): what each advocate is worth as a customer (CLV), through
// the customers they referred (CRV), their influence (CIV) and their knowledge (CKV), in all (CEV),
// and their quadrant. Money in minor units of the program's currency; rates in basis points.
export type ValueQuadrant = "champion" | "affluent" | "advocate" | "miser";
export type ValueView = "realized" | "projected";
export type ValueOrder = "-cev" | "-clv" | "-crv";
export type ValueCategory = "influence" | "knowledge";

// One published version of a program's settings (version 0: the defaults, never published).
export interface ValueSettings {
  program_id: string;
  version: number;
  published_at: string | null;
  published_by: string | null;
  currency: string;
  horizon_years: number | "perpetuity";
  discount_rate_bp: number;
  retention_rate_bp: number;
  derive_retention: boolean;
  gross_margin_bp: number;
  recurring: boolean;
  acquisition_cost_minor: number;
  incremental_share_bp: number;
  revenue_per_year_minor: number;
  clv_threshold_minor: number | null; // null: the median
  crv_threshold_minor: number | null;
}

// The answer to PUT value-settings: 201 with `published` true for a new version, 200 with false
// when the settings are the latest version's.
export interface PublishedValueSettings extends ValueSettings {
  published: boolean;
}

// What a valuation is based on, the same for every advocate in it.
export interface ValueBasis {
  program_id: string;
  as_of: string;
  view: ValueView;
  currency: string;
  settings: ValueSettings;
  retention: { used_bp: number; derived: boolean; wins: number; churns: number };
  customer_multiplier: number; // what a referred customer's yearly margin is multiplied by
  clv_split_minor: number | null; // high when above; null without advocates of a day's tenure
  crv_split_minor: number | null;
  clv_split_basis: "median" | "threshold"; // what each axis splits at
  crv_split_basis: "median" | "threshold";
  median_basis: number; // advocates (accounts) with at least a day of tenure
  quadrants: Record<ValueQuadrant, number>;
  unit: "advocate" | "account"; // what each line values (the splits and quadrants are of them)
  method: string;
}

export interface AdvocateValue {
  advocate_id: string;
  name: string;
  email: string;
  company: string;
  rank: number; // by CEV among all the program's advocates
  quadrant: ValueQuadrant;
  clv_minor: number;
  crv_minor: number;
  civ_minor: number;
  ckv_minor: number;
  cev_minor: number;
  projected_referrals_minor: number;
  rewards_minor: number;
  referred_customers: number;
  incremental_customers_bp: number;
  unpriced_customers: number;
  recent_referrals: number;
  tenure_days: number;
  clv_inputs: "advocate" | "program";
}

// GET /api/v1/customer-value: a page of the program's advocates valued; `count` after the quadrant filter.
export interface CustomerValueList extends ValueBasis {
  count: number;
  data: AdvocateValue[];
  next_cursor: string | null;
}

// A company's advocates (by their email's registrable domain) valued as one customer.
export interface AccountValue {
  domain: string;
  rank: number; // by CEV among the program's accounts
  quadrant: ValueQuadrant;
  advocates: number;
  clv_minor: number; // its people's own-input CLVs added up, or the program's figure once
  crv_minor: number;
  civ_minor: number;
  ckv_minor: number;
  cev_minor: number;
  projected_referrals_minor: number;
  rewards_minor: number;
  referred_customers: number;
  incremental_customers_bp: number;
  unpriced_customers: number;
  recent_referrals: number;
  tenure_days: number;
  clv_inputs: "advocates" | "program";
  own_inputs_advocates: number;
}

// GET /api/v1/customer-value/accounts
export interface AccountValueList extends ValueBasis {
  unassigned_advocates: number; // on free email: in no account
  count: number;
  data: AccountValue[];
  next_cursor: string | null;
}

// GET /api/v1/customer-value/accounts/{domain}
export interface AccountValueDetail extends ValueBasis {
  account: AccountValue;
  advocates: AdvocateValue[]; // the 100 highest by CEV
}

export interface CustomerInputs {
  id: string;
  advocate_id: string;
  revenue_per_year_minor: number;
  retention_rate_bp: number | null; // null: the program's
  marketing_cost_minor: number;
  recorded_at: string;
  recorded_by: string;
}

export interface ValueEntry {
  id: string;
  advocate_id: string;
  category: ValueCategory;
  amount_minor: number;
  note: string;
  source_ref: string;
  occurred_at: string;
  recorded_at: string;
  recorded_by: string;
}

// One referred customer as valued: clv_minor null when unpriced; value_minor 0 when reversed.
export interface ReferredCustomerValue {
  referral_id: string;
  clv_minor: number | null;
  incremental_share_bp: number;
  would_have_joined_anyway: boolean | null; // the answer recorded by as_of; null: none (the program's share)
  churned_at: string | null; // when their churn was recorded, by as_of
  value_minor: number;
  reversed: boolean;
}

// GET /api/v1/advocates/{id}/customer-value
export interface AdvocateValueDetail extends ValueBasis {
  advocate: AdvocateValue;
  inputs: CustomerInputs | null;
  entries: ValueEntry[];
  customers: ReferredCustomerValue[];
}

// PUT /api/v1/referrals/{id}/incrementality
export interface IncrementalityAnswer {
  id: string;
  referral_id: string;
  would_have_joined_anyway: boolean | null;
  recorded_at: string;
  recorded_by: string;
}

// Buying committees (GET/PUT /api/v1/referrals/{id}/committee): the people of the referred company
// who take part in the purchase, the roles each holds on this deal, the primary contact, and their
// attributes (the reserved keys disc_primary, disc_secondary, disc_confidence, disc_source,
// disc_assessed_at, seniority and buying_style are checked by the server).
export type BuyingRole =
  | "economic_buyer"
  | "user_buyer"
  | "technical_buyer"
  | "coach"
  | "champion"
  | "decision_maker"
  | "influencer"
  | "executive_sponsor"
  | "evaluator"
  | "other";
// The four buying influences a committee can cover (coach stands for coach or champion).
export type BuyingInfluence = "economic_buyer" | "user_buyer" | "technical_buyer" | "coach";
export type ResponseMode = "growth" | "trouble" | "even_keel" | "overconfident";

export interface CommitteeMember {
  email: string;
  first_name: string;
  last_name: string;
  title: string;
  roles: BuyingRole[];
  primary: boolean; // exactly one member is
  referee: boolean; // the referral's referee, always a member
  response_mode: ResponseMode | null;
  disc_blend: string; // "Di": the primary DISC factor with the secondary in lower case; "" without one
  attributes: Record<string, string | number | boolean>;
}

// Version 0: none recorded by as_of (the referee alone, primary, without role; recorded_at and
// recorded_by null). recorded_by is a user's or an API key's id.
export interface BuyingCommittee {
  referral_id: string;
  program_id: string;
  version: number;
  recorded_at: string | null;
  recorded_by: string | null;
  as_of: string;
  members: CommitteeMember[];
  roles_covered: number; // 0..4
  roles_missing: BuyingInfluence[];
}

// GET /api/v1/reports/attribute-outcomes: a cohort of a program's clear referrals by one attribute.
export type OutcomeAttribute =
  | "disc_primary"
  | "seniority"
  | "buying_style"
  | "roles_covered"
  | "advocate.disc_primary"
  | "advocate.seniority";

export interface AttributeOutcomeRow {
  value: string; // "D", "c_level", "3", a buying style as typed, or "unknown"
  referrals: number;
  won: number;
  lost: number;
  open: number;
  win_rate_bp: number | null; // null without referrals
  median_days_to_won: number | null; // null without a win
}

export interface AttributeOutcomes {
  program_id: string;
  attribute: OutcomeAttribute;
  basis: "cohort";
  from: string | null;
  to: string;
  as_of: string;
  values: AttributeOutcomeRow[];
  total: AttributeOutcomeRow;
  method: string;
}

// Split credit: how a program divides the advocate rewards of won-stage rules among the advocates
// who touched one won deal (GET/PUT /api/v1/programs/{id}/credit-policy). A PUT sets the whole
// policy: a field left out takes its default.
export type CreditSplit = "none" | "equal" | "first_weighted" | "last_weighted" | "by_role";

export interface CreditPolicy {
  program_id: string;
  split: CreditSplit;
  lead_share_bp: number; // 5000..10000: the first (last) toucher's share under first_weighted (last_weighted)
  role_weights: Record<BuyingRole, number>; // 0..100 each, for by_role
  unroled_weight: number; // 0..100: a committee member without a role, for by_role
  account_window_days: number; // 0 (off) ..730: referrals to the same business email domain before the win
  account_credit: boolean; // the account's open referrals count as won when one of them is won (needs a window)
  updated_at: string | null; // null: never set (the defaults)
  updated_by: string | null;
}

// One credited advocate's share of a won deal; referral_id null: a first-touch link's advocate.
export interface CreditShare {
  advocate_id: string;
  referral_id: string | null;
  share_bp: number; // the shares add up to 10,000
  touched_at: string;
}

// GET /api/v1/referrals/{id}/credit: the credit its win recorded (null: none). A later win of the same
// CRM deal joins the first credit (`joined` its id, no shares): the deal pays its advocates once.
export interface ReferralCredit {
  referral_id: string;
  credit: {
    id: string;
    deal_key: string; // "deal:<CRM id>" or "referral:<id>"
    split: CreditSplit;
    joined: string | null;
    shares: CreditShare[];
    at: string;
  } | null;
}
