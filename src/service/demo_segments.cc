#include "service/demo_segments.h"

#include "domain/ids.h"
#include "domain/program_segment.h"

namespace bb::service {

Status AddDemoSegments(store::Tx& tx, const IdGenerator& ids, const domain::Program& program, Timestamp start) {
  bool customers = program.kind == domain::ProgramKind::kCustomer;
  domain::SegmentInput gold;
  gold.name = customers ? "Gold customers" : "Strategic partners";
  gold.description = customers ? "Our largest accounts: their referrals go to the enterprise team."
                               : "Gold-tier partners who co-sell with us.";
  gold.attributes = {{{"tier", {"gold"}}}};
  gold.share_message = customers
                           ? "As a {{program.name}} customer at {{advocate.company}}, I can vouch for them: "
                             "{{advocate.link}}"
                           : "We partner with {{program.name}} and our joint customers love it: {{advocate.link}}";
  gold.portal_headline = customers ? "Gold customers: every introduction goes straight to our enterprise team."
                                   : "Strategic partners earn co-selling credit on every joint deal.";
  gold.landing_headline = "{{advocate.first_name}} at one of our closest " +
                          std::string(customers ? "customers" : "partners") + " sent you";
  gold.landing_intro = "Tell us what you need: our enterprise team answers within one business day.";
  domain::SegmentInput promoters;
  promoters.name = "Promoters";
  promoters.description = "Advocates whose latest NPS answer was 9 or 10.";
  promoters.nps_classes = std::vector<std::string>{"promoter"};
  promoters.portal_headline = "Thank you for recommending {{program.name}}, {{advocate.first_name}}!";
  promoters.share_message = "I rate {{program.name}} 10 out of 10. Have a look through my link: {{advocate.link}}";
  std::int64_t count = 0;
  for (const auto* input : {&gold, &promoters}) {
    BB_ASSIGN_OR_RETURN(auto segment,
                        domain::BuildSegment(*input, ids.New(domain::kSegmentPrefix), program.id, count++, {}, start));
    BB_RETURN_IF_ERROR(tx.InsertSegment(segment));
    if (input == &gold) {
      BB_RETURN_IF_ERROR(tx.PutSegmentEmailTemplate(
          {segment.id, domain::EmailKind::kReferralWon, "{{referral.first_name}} signed with us: thank you",
           "Hello {{advocate.first_name}},\n\n{{referral.first_name}} {{referral.last_name}} is now a customer, "
           "and our enterprise team looks after them personally. Thank you for the introduction.\n\n{{link}}",
           start, "system"}));
    }
  }
  return Ok();
}

}  // namespace bb::service
