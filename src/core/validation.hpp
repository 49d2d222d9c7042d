// Input validation and normalisation: the one place that decides what a
// well-formed email, mobile, username, date or text field is. Every function
// throws member::Error(Errc::invalid_argument, ..., field) on bad input and
// never puts the offending value in the message.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "member/page.hpp"

namespace member::detail {

/// Well-formed UTF-8, at most `max_bytes`, no NUL or other control
/// characters (tab and line breaks are allowed when `multiline`).
void validate_text(std::string_view field, std::string_view value, std::size_t max_bytes,
                   bool multiline = false);

/// validate_text, and the value must not be empty ("is required").
void validate_required_text(std::string_view field, std::string_view value, std::size_t max_bytes);

/// A practical email address (dot-atom local part, DNS domain with an
/// alphabetic top-level label, ASCII only: give IDN domains in punycode).
/// Returns the lower-case form used for uniqueness and lookup.
std::string normalize_email(std::string_view field, std::string_view email);

/// An E.164 number (+ and 8-15 digits) or a Chinese 11-digit mobile
/// (1[3-9]xxxxxxxxx). Spaces and dashes are ignored. Returns E.164
/// ("+8613800138000").
std::string normalize_mobile(std::string_view field, std::string_view mobile);

/// True when the text has the shape of a phone number (digits, optionally a
/// leading '+', spaces and dashes): how sign-in tells a mobile from a username.
bool looks_like_mobile(std::string_view text) noexcept;

/// 3-32 characters: an ASCII letter, then letters, digits, '_', '.', '-'.
/// Returns the case-folded key used for uniqueness and lookup.
std::string normalize_username(std::string_view field, std::string_view username);

/// YYYY-MM-DD, a real calendar date from 1900-01-01 to `today`.
void validate_date(std::string_view field, std::string_view date, std::chrono::sys_days today);

/// An http or https URL of at most 2048 bytes with no spaces or controls.
void validate_url(std::string_view field, std::string_view url);

/// A JSON object of at most 64 KiB. Returns it in compact form ("{}" for
/// empty input).
std::string normalize_json_object(std::string_view field, std::string_view json);

/// A token such as a tenant id or user type: 1-`max_bytes` characters from
/// [A-Za-z0-9_.-].
void validate_token(std::string_view field, std::string_view value, std::size_t max_bytes);

/// A tenant id: a token of at most 64 characters.
inline void validate_tenant_id(std::string_view tenant) {
  validate_token("tenant", tenant, 64);
}

/// A public user id as made by new_user_id().
void validate_user_id(std::string_view field, std::string_view id);

/// limit 1..1000.
void validate_page(const Page& page);

}  // namespace member::detail
