#pragma once
// Amounts of money, counts and percentages as people read them in emails and reports: "USD 1,234.50", "JPY 5,000",
// "BHD 1.250", by the currency's ISO 4217 minor unit; and decimal amounts as CRMs and files write them, in minor units.
// Pure, thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bb::domain {

// The number of decimal places of the currency's minor unit (2 unless ISO 4217 says 0, 3 or 4).
int MinorUnitDigits(std::string_view currency);

// `amount_minor` in `currency` ("USD 1,234.50"; negative: "USD -12.00"), exact for every int64.
std::string FormatMoney(std::int64_t amount_minor, std::string_view currency);

// A count with thousands separators ("12,345"; "-7").
std::string FormatCount(std::int64_t count);

// Basis points as a percentage with one decimal ("120.0%", "-3.5%"), halves away from zero; "—"
// for none.
std::string FormatPercentBp(std::optional<std::int64_t> bp);

// A non-negative decimal amount (such as HubSpot's "12500.50" or Salesforce's 12500.5) in a
// currency with `digits` minor digits, as minor units: exact for text, rounded half away from zero
// past the minor unit. Nullopt for anything else or above kMaxMinorAmount.
std::optional<std::int64_t> DecimalTextToMinor(std::string_view text, int digits);
std::optional<std::int64_t> DecimalToMinor(double amount, int digits);

}  // namespace bb::domain
