// The single page application behind /console, /portal, /join/{slug}, /landing/{slug}, the NPS
// survey page /survey/{token} and the rating page /rate.
import { render } from "preact";
import type { JSX } from "preact";
import { lazy, LocationProvider, Route, Router } from "preact-iso";
import { AdvocatePage } from "./console/advocate_page";
import { AdvocatesPage } from "./console/advocates_page";
import { AuditPage } from "./console/audit_page";
import { CampaignPage } from "./console/campaign_page";
import { CatalogPage } from "./console/catalog_page";
import { CommitteesPage } from "./console/committees_page";
import { ChallengesPage } from "./console/challenges_page";
import { CampaignsPage } from "./console/campaigns_page";
import { EmailTemplatePage } from "./console/email_template_page";
import { EmailTemplatesPage } from "./console/email_templates_page";
import { ImportPage } from "./console/import_page";
import { ImportsPage } from "./console/imports_page";
import { LanguagePage } from "./console/language_page";
import { LeaderboardPage } from "./console/leaderboard_page";
import { InvitePage } from "./console/invite_page";
import { OutboxPage } from "./console/outbox_page";
import { RegisterPage } from "./console/register_page";
import { ConsoleSignInPage } from "./console/sign_in_page";
import { ProgramPage } from "./console/program_page";
import { RulesPage } from "./console/rules_page";
import { ProgramsPage } from "./console/programs_page";
import { RoiPage } from "./console/roi_page";
import { MonthlyReportPage } from "./console/monthly_report_page";
import { ReferralPage } from "./console/referral_page";
import { ReferralsPage } from "./console/referrals_page";
import { ResetPasswordPage } from "./console/reset_password_page";
import { ReviewPage } from "./console/review_page";
import { FollowupsPage } from "./console/followups_page";
import { HappinessPage } from "./console/happiness_page";
import { LifecyclePage } from "./console/lifecycle_page";
import { ScoresPage } from "./console/scores_page";
import { ValuePage } from "./console/value_page";
import { SurveyPage } from "./survey/survey_page";
import { RatePage } from "./rate/rate_page";
import { RewardsPage } from "./console/rewards_page";
import { SessionProvider } from "./console/session";
import { SegmentsPage } from "./console/segments_page";
import { SettingsPage } from "./console/settings_page";
import { SuppressionsPage } from "./console/suppressions_page";
import { UsersPage } from "./console/users_page";
import { ConnectorPage } from "./console/connector_page";
import { ConnectorsPage } from "./console/connectors_page";
import { WebhookEndpointPage } from "./console/webhook_endpoint_page";
import { WebhooksPage } from "./console/webhooks_page";
import { LandingPage } from "./landing/landing_page";
import { JoinPage } from "./portal/join_page";
import { PortalPage } from "./portal/portal_page";
import { PortalSignInPage } from "./portal/sign_in_page";
import { UnsubscribePage } from "./portal/unsubscribe_page";
import { Notice, PublicShell } from "./ui/layout";
import "./styles.css";

// A console page: only for a signed-in user (others go to the sign-in page).
function signedIn(Page: () => JSX.Element) {
  return () => (
    <SessionProvider>
      <Page />
    </SessionProvider>
  );
}

const Programs = signedIn(ProgramsPage);
// The dashboard and its charts load only when it is opened (assets/charts.js).
const DashboardPage = lazy(() => import("./console/dashboard_page").then((module) => module.DashboardPage));
const Dashboard = signedIn(DashboardPage);
const Roi = signedIn(RoiPage);
const MonthlyReport = signedIn(MonthlyReportPage);
const ProgramEditor = signedIn(ProgramPage);
const Rules = signedIn(RulesPage);
const EmailTemplates = signedIn(EmailTemplatesPage);
const EmailTemplateEditor = signedIn(EmailTemplatePage);
const Language = signedIn(LanguagePage);
const Advocates = signedIn(AdvocatesPage);
const AdvocateDetail = signedIn(AdvocatePage);
const Register = signedIn(RegisterPage);
const Imports = signedIn(ImportsPage);
const ImportDetail = signedIn(ImportPage);
const Referrals = signedIn(ReferralsPage);
const ReferralDetail = signedIn(ReferralPage);
const Review = signedIn(ReviewPage);
const Followups = signedIn(FollowupsPage);
const Rewards = signedIn(RewardsPage);
const Leaderboard = signedIn(LeaderboardPage);
const Happiness = signedIn(HappinessPage);
const Lifecycle = signedIn(LifecyclePage);
const Scores = signedIn(ScoresPage);
const Value = signedIn(ValuePage);
const Committees = signedIn(CommitteesPage);
const Catalog = signedIn(CatalogPage);
const Challenges = signedIn(ChallengesPage);
const Segments = signedIn(SegmentsPage);
const Users = signedIn(UsersPage);
const Audit = signedIn(AuditPage);
const Connectors = signedIn(ConnectorsPage);
const ConnectorDetail = signedIn(ConnectorPage);
const Webhooks = signedIn(WebhooksPage);
const WebhookEndpointDetail = signedIn(WebhookEndpointPage);
const Outbox = signedIn(OutboxPage);
const Suppressions = signedIn(SuppressionsPage);
const Campaigns = signedIn(CampaignsPage);
const CampaignDetail = signedIn(CampaignPage);
const Invite = signedIn(InvitePage);
const Settings = signedIn(SettingsPage);

function NotFound() {
  return (
    <PublicShell title="Not found">
      <Notice kind="error">There is no page here.</Notice>
    </PublicShell>
  );
}

function App() {
  return (
    <LocationProvider>
      <Router>
        <Route path="/join/:slug" component={JoinPage} />
        <Route path="/landing/:slug" component={LandingPage} />
        <Route path="/survey/:token" component={SurveyPage} />
        <Route path="/rate" component={RatePage} />
        <Route path="/portal/sign-in" component={PortalSignInPage} />
        <Route path="/portal/unsubscribe" component={UnsubscribePage} />
        <Route path="/portal" component={PortalPage} />
        <Route path="/console/sign-in" component={ConsoleSignInPage} />
        <Route path="/console/reset-password" component={ResetPasswordPage} />
        <Route path="/console" component={Programs} />
        <Route path="/console/dashboard" component={Dashboard} />
        <Route path="/console/roi" component={Roi} />
        <Route path="/console/reports/monthly" component={MonthlyReport} />
        <Route path="/console/programs/:id" component={ProgramEditor} />
        <Route path="/console/programs/:id/rules" component={Rules} />
        <Route path="/console/programs/:id/emails" component={EmailTemplates} />
        <Route path="/console/programs/:id/emails/:kind" component={EmailTemplateEditor} />
        <Route path="/console/programs/:id/language" component={Language} />
        <Route path="/console/programs/:id/campaigns" component={Campaigns} />
        <Route path="/console/campaigns/:id" component={CampaignDetail} />
        <Route path="/console/invite" component={Invite} />
        <Route path="/console/settings" component={Settings} />
        <Route path="/console/advocates" component={Advocates} />
        <Route path="/console/advocates/new" component={Register} />
        <Route path="/console/advocates/:id" component={AdvocateDetail} />
        <Route path="/console/imports" component={Imports} />
        <Route path="/console/imports/:id" component={ImportDetail} />
        <Route path="/console/referrals" component={Referrals} />
        <Route path="/console/referrals/:id" component={ReferralDetail} />
        <Route path="/console/review" component={Review} />
        <Route path="/console/followups" component={Followups} />
        <Route path="/console/rewards" component={Rewards} />
        <Route path="/console/leaderboard" component={Leaderboard} />
        <Route path="/console/happiness" component={Happiness} />
        <Route path="/console/lifecycle" component={Lifecycle} />
        <Route path="/console/scores" component={Scores} />
        <Route path="/console/value" component={Value} />
        <Route path="/console/committees" component={Committees} />
        <Route path="/console/catalogue" component={Catalog} />
        <Route path="/console/challenges" component={Challenges} />
        <Route path="/console/segments" component={Segments} />
        <Route path="/console/users" component={Users} />
        <Route path="/console/audit" component={Audit} />
        <Route path="/console/connectors" component={Connectors} />
        <Route path="/console/connectors/:id" component={ConnectorDetail} />
        <Route path="/console/webhooks" component={Webhooks} />
        <Route path="/console/webhooks/:id" component={WebhookEndpointDetail} />
        <Route path="/console/outbox" component={Outbox} />
        <Route path="/console/suppressions" component={Suppressions} />
        <Route default component={NotFound} />
      </Router>
    </LocationProvider>
  );
}

render(<App />, document.getElementById("app")!);
