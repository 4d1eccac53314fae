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

// Whether the address's host is, or is below, a free email provider's domain (gmail.com,
// privaterelay.appleid.com, ...: email_domains.h). Judged on the whole host, not its registrable
// domain: the provider lists name hosts below registrable domains that are no provider's
// (privaterelay.appleid.com under appleid.com).
bool IsFreeEmailAddress(std::string_view email);

// The company account of an address whose registrable domain is `registrable_domain` (as
// RegistrableEmailDomain gives it, or as stored beside the address): that domain lower-cased, or
// "" when the address is free email (IsFreeEmailAddress: its users are no one company) or there
// is no registrable domain. Lead scores, customer values, account credit and the same-company
// check group people into accounts by it.
std::string CompanyDomain(std::string_view email, std::string_view registrable_domain);
// As CompanyDomain, finding the registrable domain. Also takes a bare host name ("Sales.Acme.example").
std::string CompanyEmailDomain(std::string_view email);

// Whether `host` is written as a host name: dot-separated labels of 1 to 63 ASCII letters, digits
// and hyphens (or UTF-8 bytes, for a name not converted to its xn-- form), at most 253 characters,
// without a trailing dot. "Sales.Acme.example" is one; "ana@acme.example", "*.acme.example",
// "a b.example" and "acme..example" are not.
bool IsHostName(std::string_view host);

}  // namespace bb::domain
