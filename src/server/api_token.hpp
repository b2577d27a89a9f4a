// API tokens: what a client shows (`Authorization: Bearer pgt_...`) to write
// runs into one project, or to read a project whose reads need a token
// (docs/api.md, "Tokens").
//
// A token is "pgt_" and 32 random bytes in base64url (43 characters, no
// padding): 256 bits drawn from OpenSSL's RAND_bytes. It is shown once, when
// made; the store keeps only its SHA-256 (hex) and a short public prefix
// that names it in `perfgate token list`. SHA-256 rather than a slow password
// hash: a 256-bit random secret cannot be guessed, so a slow hash would buy
// nothing and cost every request (docs/ARCHITECTURE.md, "Server").
#pragma once

#include <string>
#include <string_view>

namespace perfgate::server {

inline constexpr std::string_view token_scheme = "pgt_";
// Characters of the token (after "pgt_") that form its public prefix: enough
// to tell a user's tokens apart, far too few to guess the rest.
inline constexpr std::size_t token_prefix_chars = 8;

// A new token, from the operating system's random source through OpenSSL.
// Throws perfgate::Error (exit 3) if no random bytes can be had.
std::string make_token();

// Whether `text` has the form of a token: "pgt_" and 43 base64url characters.
bool is_token_format(std::string_view text);

// The token's public name: "pgt_" and its first token_prefix_chars random
// characters ("pgt_Xb3kQ9aZ"). Only for a text with is_token_format.
std::string token_prefix(std::string_view token);

// The SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// The SHA-256 of the token's text (sha256_hex): what the store keeps.
inline std::string token_hash(std::string_view token) { return sha256_hex(token); }

// Whether two hashes are equal, in time that does not depend on where they
// differ (CRYPTO_memcmp), so that response times say nothing about a stored
// hash. Texts of different lengths are unequal.
bool hashes_equal(std::string_view a, std::string_view b);

// base64url without padding (RFC 4648, section 5), as tokens are written.
std::string base64url(std::string_view bytes);

}  // namespace perfgate::server
