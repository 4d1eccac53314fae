#include "domain/email_message.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>

#include "domain/validation.h"

namespace bb::domain {

namespace {

constexpr std::string_view kCrlf = "\r\n";

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Line breaks and other control characters become spaces: a header value stays one header.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (i + 1 == bytes.size()) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// Length in bytes of the UTF-8 sequence starting with `lead`.
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

// `text` as it may stand in a header: ASCII as it is, anything else as RFC 2047 "B" encoded-words
// of at most 75 characters each (cut between UTF-8 sequences), separated by folding whitespace.
std::string HeaderText(std::string_view raw) {
  std::string text = OneLine(raw);
  if (IsAscii(text)) return text;
  // 39 bytes make 52 base64 characters: with "=?UTF-8?B?" and "?=" a word is 64 characters, and a
  // line with the longest header name before it ("Reply-To: ") stays within 78.
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      std::size_t next = end + SequenceLength(static_cast<unsigned char>(text[end]));
      if (next - start > 39) break;
      end = next;
    }
    if (end == start) end = std::min(text.size(), start + 1);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(text).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string MailboxText(const Mailbox& mailbox) {
  std::string address = OneLine(mailbox.address);
  if (mailbox.name.empty()) return address;
  std::string name = OneLine(mailbox.name);
  if (!IsAscii(name)) return HeaderText(name) + "\r\n <" + address + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + address + ">";
}

// Quoted-printable (RFC 2045 section 6.7) of UTF-8 text, its line breaks made CRLF, lines of at
// most 76 characters with soft breaks.
std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t line = 0;
  auto put = [&](std::string_view piece) {
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      // Trailing whitespace before a line break is encoded (RFC 2045: it may be stripped in transit).
      if (!out.empty() && (out.back() == ' ' || out.back() == '\t') && line > 0) {
        char last = out.back();
        out.pop_back();
        --line;
        put(std::string{'=', kHex[last >> 4], kHex[last & 15]});
      }
      out += kCrlf;
      line = 0;
      continue;
    }
    bool literal = (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
    // A line starting with "." is encoded, so that no relay can take it for the end of the data.
    if (line == 0 && c == '.') literal = false;
    if (literal) {
      put(std::string(1, static_cast<char>(c)));
    } else {
      put(std::string{'=', kHex[c >> 4], kHex[c & 15]});
    }
  }
  if (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
    char last = out.back();
    out.pop_back();
    --line;
    put(std::string{'=', kHex[last >> 4], kHex[last & 15]});
  }
  return out;
}

std::string DomainOf(std::string_view address) {
  auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string("bluebird.invalid") : std::string(address.substr(at + 1));
}

void Header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append(kCrlf);
}

void Part(std::string& out, std::string_view boundary, std::string_view type, std::string_view body) {
  out.append("--").append(boundary).append(kCrlf);
  Header(out, "Content-Type", std::string(type) + "; charset=UTF-8");
  Header(out, "Content-Transfer-Encoding", "quoted-printable");
  out.append(kCrlf).append(QuotedPrintable(body)).append(kCrlf);
}

}  // namespace

std::optional<Mailbox> ParseMailbox(std::string_view text) {
  text = Trim(text);
  Mailbox out;
  auto open = text.rfind('<');
  if (open != std::string_view::npos && !text.empty() && text.back() == '>') {
    out.address = std::string(Trim(text.substr(open + 1, text.size() - open - 2)));
    std::string_view name = Trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    out.name = OneLine(name);
  } else {
    out.address = std::string(text);
  }
  if (!CheckEmail(out.address).empty()) return std::nullopt;
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string EmailDate(Timestamp at) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = std::chrono::floor<std::chrono::days>(at);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss time(std::chrono::floor<std::chrono::seconds>(at - day));
  std::chrono::weekday weekday(day);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02u %s %d %02d:%02d:%02d +0000", kDays[weekday.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return buffer;
}

std::string RenderEmail(const EmailMessage& m, std::string_view boundary) {
  std::string out;
  Header(out, "From", MailboxText(m.from));
  Header(out, "To", MailboxText(m.to));
  if (m.reply_to) Header(out, "Reply-To", MailboxText(*m.reply_to));
  Header(out, "Subject", HeaderText(m.subject));
  Header(out, "Date", EmailDate(m.date));
  Header(out, "Message-ID", "<" + OneLine(m.message_id) + "@" + DomainOf(m.from.address) + ">");
  if (!m.unsubscribe_url.empty()) {
    Header(out, "List-Unsubscribe", "<" + OneLine(m.unsubscribe_url) + ">");
    Header(out, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  Header(out, "MIME-Version", "1.0");
  if (m.html.empty()) {
    Header(out, "Content-Type", "text/plain; charset=UTF-8");
    Header(out, "Content-Transfer-Encoding", "quoted-printable");
    out.append(kCrlf).append(QuotedPrintable(m.text)).append(kCrlf);
    return out;
  }
  Header(out, "Content-Type", "multipart/alternative; boundary=\"" + std::string(boundary) + "\"");
  out.append(kCrlf);
  Part(out, boundary, "text/plain", m.text);
  Part(out, boundary, "text/html", m.html);
  out.append("--").append(boundary).append("--").append(kCrlf);
  return out;
}

}  // namespace bb::domain
