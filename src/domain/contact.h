#pragma once
// Recognising a referred person again when they are written differently: the duplicate and
// self-referral checks compare these keys, while the address as given is kept for sending.
// Pure functions (the Public Suffix List comes with libpsl); thread-safe.

#include <string>
#include <string_view>

namespace bb::domain {

// The form in which an email address is matched: trimmed and lower-cased; at providers that
// deliver "name+tag@" to "name@" (Gmail, Outlook, iCloud, Fastmail, Proton, Zoho, Yandex) without the
// tag; at Gmail also without dots in the name, and googlemail.com written gmail.com.
// Precondition: `email` passed CheckEmail (validation.h).
std::string EmailMatchKey(std::string_view email);

// The part of an address after its last '@', as written; "" when there is none.
std::string_view EmailDomainPart(std::string_view email);

// The registrable domain of an email address's domain under the Public Suffix List:
// "ana@eu.mail.acme.co.uk" → "acme.co.uk". Lower-case; "" when the domain has none (it is itself
// a public suffix, or is not a domain name).
std::string RegistrableEmailDomain(std::string_view email);

// The company account a registrable domain names: the domain lower-cased, or "" for a free email
// provider's (gmail.com and the like: its users are no one company) and for "". Lead scores and
// customer values group people into accounts by it.
std::string CompanyDomain(std::string_view registrable_domain);

}  // namespace bb::domain
