#include "service/demo_data.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <random>

#include "crypto/crypto.h"
#include "domain/click.h"
#include "domain/ids.h"
#include "domain/nps.h"
#include "domain/program.h"
#include "service/credit_service.h"
#include "service/demo_committees.h"
#include "service/demo_gamification.h"
#include "service/demo_referrals.h"
#include "service/demo_segments.h"
#include "service/demo_values.h"
#include "service/reward_engine.h"

namespace bb::service {
namespace {

constexpr std::array kFirstNames = {"Ava",   "Noah",  "Mia",   "Liam",   "Emma",  "Lucas", "Sofia", "Ethan",
                                    "Chloe", "Mateo", "Priya", "Arjun",  "Yuki",  "Hana",  "Lena",  "Jonas",
                                    "Amara", "Kofi",  "Elena", "Marco",  "Zoe",   "Omar",  "Ines",  "Tomas",
                                    "Grace", "Felix", "Nora",  "Samuel", "Leila", "Diego", "Maya",  "Aiden"};
constexpr std::array kLastNames = {"Johnson", "Garcia",  "Chen",     "Patel",  "Müller", "Rossi",  "Nakamura",
                                   "Okafor",  "Silva",   "Novak",    "Dubois", "Larsen", "Kim",    "Hughes",
                                   "Schmidt", "Moreau",  "Tanaka",   "Mensah", "Costa",  "Nguyen", "Fischer",
                                   "Bennett", "Alvarez", "Kowalski", "Haddad", "Berg",   "Singh",  "Walsh"};
constexpr std::array kCompanies = {"Northwind Logistics", "Contoso Health",    "Fabrikam Manufacturing",
                                   "Tailspin Retail",     "Litware Software",  "Proseware Analytics",
                                   "Adatum Finance",      "Wingtip Education", "Lucerne Publishing",
                                   "Alpine Robotics",     "Blue Yonder Air",   "Coho Vineyards",
                                   "Humongous Insurance", "Margie's Travel",   "Trey Research",
                                   "Woodgrove Bank",      "Fourth Coffee",     "Graphic Design Institute",
                                   "Relecloud",           "VanArsdel Foods",   "Southridge Media",
                                   "Bellows College",     "Datum Energy",      "Nod Publishers",
                                   "Wide World Importers"};
constexpr std::array kIndustries = {"Software", "Manufacturing", "Healthcare", "Financial Services",
                                    "Retail",   "Logistics",     "Education",  "Energy"};
constexpr std::array kRegions = {"NA", "EMEA", "APAC", "LATAM"};
constexpr std::array kTiers = {"gold", "silver", "bronze"};
constexpr std::array kTags = {"champion", "reference", "beta", "speaker", "case-study", "advisory-board", "newsletter"};
constexpr std::array kChannels = {"email", "linkedin", "copy", "x", "whatsapp", "sms", "qr", "facebook", "direct"};
constexpr std::array kChannelWeights = {30, 25, 15, 8, 6, 4, 4, 3, 5};
constexpr std::array kUserAgents = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    "Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"};
constexpr std::array kBotAgents = {
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "facebookexternalhit/1.1"};

struct ProgramSeed {
  const char* name;
  const char* kind;
  const char* description;
  const char* landing_url;  // nullptr: Bluebird's own landing page
  std::int64_t window_days;
  const char* currency;
  const char* phone_region;  // where phones written without a country code are
  int advocates;
  // Co-selling partners share a won customer (domain/credit_split.h): equal shares among the
  // partners who referred people of the same company within 90 days.
  bool split_credit;
};

constexpr std::array kPrograms = {
    ProgramSeed{"Acme Customer Advocates", "customer",
                "Customers who love Acme introduce peers; both sides are thanked with account credit.", nullptr, 180,
                "USD", "US", 180, false},
    ProgramSeed{"Reseller Partner Program", "partner",
                "Resellers register deals and earn a share of first-year revenue.",
                "https://partners.example.com/register?campaign=resellers", 365, "EUR", "DE", 70, false},
    ProgramSeed{"Technology Alliance Partners", "partner", "Integration partners refer joint customers and co-sell.",
                "https://www.example.com/alliances#contact", 270, "USD", "US", 50, true},
};

template <class Array>
auto Pick(std::mt19937& rng, const Array& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
}

}  // namespace

Result<DemoSummary> FillDemo(Services& services, std::string_view public_base_url) {
  Timestamp now = services.clock.Now();
  ManualClock past(now);
  IdGenerator ids(past);
  std::mt19937 rng(20261122);
  DemoSummary summary;

  EventPublisher events(ids, representation::LinkBase{std::string(public_base_url)}, nullptr);
  RewardEngine engine(ids, events);
  LifecycleMover lifecycle(ids);
  BB_RETURN_IF_ERROR(services.store.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto existing, tx.ListPrograms(store::ProgramQuery{std::nullopt, "", 1}));
    if (!existing.empty()) return Error::Conflict("The database already has programs; the demo needs an empty one.");
    DemoReferrals business{tx, ids, past, engine, lifecycle, rng, now};
    std::vector<domain::Program> programs;

    int person_number = 0;
    for (const auto& seed : kPrograms) {
      // Programs launched an hour apart, so that they list in a stable order.
      Timestamp program_start = now - std::chrono::days(200) + std::chrono::hours(summary.programs);
      past.Set(program_start);
      domain::ProgramInput input;
      input.name = seed.name;
      input.kind = seed.kind;
      input.description = seed.description;
      // Bluebird's landing page needs the slug, which BuildProgram derives: the base is valid meanwhile.
      input.landing_url = seed.landing_url != nullptr ? seed.landing_url : std::string(public_base_url);
      input.attribution_window_days = seed.window_days;
      input.currency = seed.currency;
      input.referral_policy.emplace().phone_region = seed.phone_region;
      BB_ASSIGN_OR_RETURN(domain::Program program,
                          domain::BuildProgram(input, ids.New(domain::kProgramPrefix), program_start));
      if (seed.landing_url == nullptr) program.landing_url = std::string(public_base_url) + "/landing/" + program.slug;
      BB_RETURN_IF_ERROR(tx.InsertProgram(program));
      // As every new program: the NPS loop's promoter rules, on (CampaignService::AddPromoterRules).
      BB_RETURN_IF_ERROR(services.campaigns.AddPromoterRules(tx, program.id, program_start));
      programs.push_back(program);
      ++summary.programs;
      BB_RETURN_IF_ERROR(business.AddRules(program, program_start));
      if (seed.split_credit) {
        store::CreditPolicyRecord credit{program.id, DefaultCreditPolicy(), program_start, "demo"};
        credit.policy.split = domain::CreditSplit::kEqual;
        credit.policy.account_window_days = 90;
        BB_RETURN_IF_ERROR(tx.PutCreditPolicy(credit));
      }
      BB_RETURN_IF_ERROR(AddDemoGamification(tx, ids, program, program_start));
      BB_RETURN_IF_ERROR(AddDemoSegments(tx, ids, program, program_start));

      for (int i = 0; i < seed.advocates; ++i, ++person_number) {
        // Enrollment dates spread over the last 190 days, older ones first.
        Timestamp enrolled = program_start + std::chrono::hours(24 * 10 + (190 * 24 * i) / seed.advocates);
        past.Set(enrolled);
        domain::Advocate advocate;
        advocate.id = ids.New(domain::kAdvocatePrefix);
        advocate.program_id = program.id;
        advocate.code = ids.NewReferralCode();
        std::string first = Pick(rng, kFirstNames);
        std::string last = Pick(rng, kLastNames);
        std::string company = Pick(rng, kCompanies);
        advocate.person.id = ids.New(domain::kPersonPrefix);
        advocate.first_name = first;
        advocate.last_name = last;
        advocate.company = company;
        std::string email_local = first + "." + last + std::to_string(person_number);
        // Addresses are ASCII, as the API accepts them: "Müller" writes "mueller".
        for (std::size_t at = email_local.find("ü"); at != std::string::npos; at = email_local.find("ü")) {
          email_local.replace(at, std::string("ü").size(), "ue");
        }
        for (auto& c : email_local) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string domain_part;
        for (char c : company) {
          if (std::isalnum(static_cast<unsigned char>(c)))
            domain_part += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        advocate.email = email_local + "@" + domain_part + ".example";
        advocate.person.email_normalized = advocate.email;
        advocate.person.created_at = enrolled;
        int source_roll = std::uniform_int_distribution<int>(0, 9)(rng);
        advocate.source = source_roll < 5   ? domain::AdvocateSource::kSelfSignup
                          : source_roll < 8 ? domain::AdvocateSource::kStaff
                                            : domain::AdvocateSource::kSalesRep;
        advocate.enrolled_by = advocate.source == domain::AdvocateSource::kSelfSignup ? "" : "system";
        advocate.status = std::uniform_int_distribution<int>(0, 19)(rng) == 0 ? domain::AdvocateStatus::kInactive
                                                                              : domain::AdvocateStatus::kActive;
        using Kind = domain::AttributeValue::Kind;
        // Scores as a healthy program's: 7 in 15 promoters, 5 passives, 3 detractors (NPS about +27).
        constexpr std::array kScores = {4, 5, 6, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10, 10, 10};
        int nps = kScores[std::uniform_int_distribution<std::size_t>(0, kScores.size() - 1)(rng)];
        advocate.attributes["industry"] = {Kind::kString, Pick(rng, kIndustries)};
        advocate.attributes["region"] = {Kind::kString, Pick(rng, kRegions)};
        advocate.attributes["tier"] = {Kind::kString, Pick(rng, kTiers)};
        advocate.attributes["nps"] = {Kind::kNumber, std::to_string(nps)};
        advocate.attributes["nps_class"] = {Kind::kString, nps >= 9 ? "promoter" : nps >= 7 ? "passive" : "detractor"};
        advocate.attributes["employees"] = {Kind::kNumber,
                                            std::to_string(std::uniform_int_distribution<int>(20, 5000)(rng))};
        if (auto disc = DemoDiscOf(advocate.email)) advocate.attributes["disc_primary"] = {Kind::kString, *disc};
        for (const char* tag : kTags) {
          if (std::uniform_int_distribution<int>(0, 5)(rng) == 0) advocate.tags.emplace_back(tag);
        }
        std::sort(advocate.tags.begin(), advocate.tags.end());
        advocate.created_at = advocate.updated_at = enrolled;
        BB_RETURN_IF_ERROR(tx.InsertPerson(advocate.person));
        BB_RETURN_IF_ERROR(tx.InsertAdvocate(advocate));
        BB_RETURN_IF_ERROR(lifecycle.FollowEnrolment(tx, advocate));
        ++summary.advocates;
        // Each advocate answered the NPS survey (the score on their attributes) a few days in.
        if (Timestamp answered = enrolled + std::chrono::hours(std::uniform_int_distribution<int>(12, 120)(rng));
            answered < now) {
          domain::NpsResponseInput answer;
          answer.email = advocate.email;
          answer.score = nps;
          answer.answered_at = answered;
          past.Set(answered);
          BB_ASSIGN_OR_RETURN(
              domain::NpsResponse response,
              domain::BuildNpsResponse(ids.New(domain::kNpsResponsePrefix), program.id, answer, "system", answered));
          BB_RETURN_IF_ERROR(tx.InsertNpsResponse(response));
        }

        // Promoters share more; each click lands between enrollment and now.
        int clicks = std::uniform_int_distribution<int>(0, nps >= 9 ? 40 : nps >= 7 ? 15 : 4)(rng);
        auto span_us = ToMicros(now) - ToMicros(enrolled);
        std::discrete_distribution<std::size_t> channel_of(kChannelWeights.begin(), kChannelWeights.end());
        std::vector<domain::Click> made;
        // Visitors come back: about a third of the clicks are from a browser that clicked before
        // (same visitor cookie, same address), so unique visitors are fewer than clicks.
        std::vector<std::pair<std::string, std::string>> visitors;  // visitor id, address hash
        for (int k = 0; k < clicks; ++k) {
          Timestamp at =
              FromMicros(ToMicros(enrolled) + std::uniform_int_distribution<std::int64_t>(0, span_us - 1)(rng));
          past.Set(at);
          domain::Click click;
          click.program_id = program.id;
          click.advocate_id = advocate.id;
          click.code = advocate.code;
          click.occurred_at = at;
          click.channel = kChannels[channel_of(rng)];
          click.is_bot = std::uniform_int_distribution<int>(0, 19)(rng) == 0;
          click.user_agent = click.is_bot ? Pick(rng, kBotAgents) : Pick(rng, kUserAgents);
          if (!visitors.empty() && std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
            const auto& returning = visitors[std::uniform_int_distribution<std::size_t>(0, visitors.size() - 1)(rng)];
            click.visitor_id = returning.first;
            click.ip_hash = returning.second;
          } else {
            click.visitor_id = ids.NewUlid();
            click.ip_hash =
                services.links.HashIp("198.51.100." + std::to_string(std::uniform_int_distribution<int>(1, 254)(rng)));
            visitors.emplace_back(click.visitor_id, click.ip_hash);
          }
          click.referrer = click.channel == "linkedin" ? "https://www.linkedin.com/" : "";
          BB_RETURN_IF_ERROR(tx.InsertClick(click));
          ++summary.clicks;
          made.push_back(std::move(click));
        }
        std::sort(made.begin(), made.end(),
                  [](const domain::Click& a, const domain::Click& b) { return a.occurred_at < b.occurred_at; });
        BB_RETURN_IF_ERROR(business.AddReferrals(program, advocate, made));
      }
    }
    BB_RETURN_IF_ERROR(business.PayOldRewards());
    for (const auto& program : programs) {
      BB_RETURN_IF_ERROR(business.AddCustomerTotals(program));
      BB_RETURN_IF_ERROR(AddDemoValues(tx, ids, past, rng, program, program.created_at, now));
      BB_RETURN_IF_ERROR(AddDemoCommittees(tx, ids, past, program, now));
    }
    summary.referrals = business.referrals;
    summary.won = business.won;
    return Ok();
  }));

  summary.admin_email = "admin@demo.bluebird.example";
  summary.admin_password = crypto::RandomToken(12);
  UserInput admin{summary.admin_email, "Demo Administrator", "admin", summary.admin_password};
  BB_RETURN_IF_ERROR(services.auth.CreateUser(domain::Actor::System(), admin));
  BB_ASSIGN_OR_RETURN(auto key, services.auth.CreateApiKey(domain::Actor::System(), "demo", "admin"));
  summary.api_key = key.secret;
  return summary;
}

}  // namespace bb::service
