#pragma once
// Amounts of money as people read them in emails: "USD 1,234.50", "JPY 5,000", "BHD 1.250", by the
// currency's ISO 4217 minor unit. Pure, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

namespace bb::domain {

// The number of decimal places of the currency's minor unit (2 unless ISO 4217 says 0, 3 or 4).
int MinorUnitDigits(std::string_view currency);

// `amount_minor` in `currency` ("USD 1,234.50"; negative: "USD -12.00"), exact for every int64.
std::string FormatMoney(std::int64_t amount_minor, std::string_view currency);

}  // namespace bb::domain
