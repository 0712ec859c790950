#include "security/sealer.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <optional>
#include <vector>

namespace ratusz::security {
namespace {

constexpr std::string_view kPrefix = "s1.";
constexpr auto kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

std::string RandomHex() {
  std::array<unsigned char, 32> key{};
  randombytes_buf(key.data(), key.size());
  std::string hex(key.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  hex.pop_back();
  return hex;
}

// 32 raw bytes from 64 hex digits, or nothing.
std::optional<std::string> KeyFromHex(std::string_view hex) {
  if (hex.size() != 64) {
    return std::nullopt;
  }
  std::string raw(32, '\0');
  std::size_t length = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), hex.data(),
                     hex.size(), nullptr, &length, nullptr) != 0 ||
      length != 32) {
    return std::nullopt;
  }
  return raw;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The words of a line, split at spaces and tabs.
std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  while (true) {
    line = Trim(line);
    if (line.empty()) {
      return words;
    }
    const auto end = line.find_first_of(" \t");
    words.push_back(line.substr(0, end));
    if (end == std::string_view::npos) {
      return words;
    }
    line.remove_prefix(end);
  }
}

}  // namespace

Result<Sealer> Sealer::FromText(std::string_view text) {
  Sealer sealer;
  std::vector<std::string> problems;
  int number = 0;
  while (!text.empty()) {
    ++number;
    const auto end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto words = Words(line);
    const std::string where = "line " + std::to_string(number) + ": ";
    if (words.size() == 2 && words[0] == "index") {
      auto key = KeyFromHex(words[1]);
      if (!key) {
        problems.push_back(where + "the index key must be 64 hex digits");
      } else if (!sealer.index_key_.empty()) {
        problems.push_back(where + "a second index key");
      } else {
        sealer.index_key_ = std::move(*key);
      }
      continue;
    }
    if (words.size() == 3 && words[0] == "key") {
      int id = 0;
      const auto [ptr, ec] =
          std::from_chars(words[1].data(), words[1].data() + words[1].size(), id);
      auto key = KeyFromHex(words[2]);
      if (ec != std::errc{} || ptr != words[1].data() + words[1].size() || id < 1 || id > 9999) {
        problems.push_back(where + "a key's number must be 1 to 9999");
      } else if (!key) {
        problems.push_back(where + "key " + std::to_string(id) + " must be 64 hex digits");
      } else if (!sealer.keys_.emplace(id, std::move(*key)).second) {
        problems.push_back(where + "key " + std::to_string(id) + " appears twice");
      }
      continue;
    }
    problems.push_back(where + "expected \"index <hex>\" or \"key <number> <hex>\"");
  }
  if (sealer.index_key_.empty()) {
    problems.emplace_back("no index key (a line \"index <64 hex digits>\")");
  }
  if (sealer.keys_.empty()) {
    problems.emplace_back("no key (a line \"key 1 <64 hex digits>\")");
  }
  if (!problems.empty()) {
    std::string message = "personal-data keys: ";
    for (std::size_t i = 0; i < problems.size(); ++i) {
      message += (i == 0 ? "" : "; ") + problems[i];
    }
    return MakeError(ErrorCode::kInvalidArgument, std::move(message));
  }
  sealer.current_ = sealer.keys_.rbegin()->first;
  return sealer;
}

std::string Sealer::NewKeyFile() {
  return "# Ratusz personal-data keys. Keep this file secret, and back it up apart from the\n"
         "# database: without it the personal data in the database cannot be read.\n"
         "index " +
         RandomHex() + "\nkey 1 " + RandomHex() + "\n";
}

Result<std::string> Sealer::WithNewKey(std::string_view text) {
  auto sealer = FromText(text);
  if (!sealer) {
    return sealer.error();
  }
  std::string out(text);
  if (!out.empty() && out.back() != '\n') {
    out += '\n';
  }
  return out + "key " + std::to_string(sealer->current_ + 1) + " " + RandomHex() + "\n";
}

std::string Sealer::Seal(std::string_view plain) const {
  if (plain.empty()) {
    return {};
  }
  const Key& key = keys_.at(current_);
  std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        reinterpret_cast<const unsigned char*>(key.data()));
  std::string encoded(sodium_base64_ENCODED_LEN(box.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<unsigned char*>(box.data()),
                    box.size(), kVariant);
  encoded.resize(encoded.find('\0'));
  return std::string(kPrefix) + std::to_string(current_) + "." + encoded;
}

Result<std::string> Sealer::Open(std::string_view stored) const {
  if (stored.rfind(kPrefix, 0) != 0) {
    return std::string(stored);
  }
  std::string_view rest = stored.substr(kPrefix.size());
  const auto dot = rest.find('.');
  int id = 0;
  const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (dot == std::string_view::npos || ec != std::errc{} || ptr != rest.data() + dot) {
    return MakeError(ErrorCode::kInternal, "a sealed personal field is malformed");
  }
  const auto key = keys_.find(id);
  if (key == keys_.end()) {
    return MakeError(ErrorCode::kFailedPrecondition, "a personal field is sealed with key " +
                                                         std::to_string(id) +
                                                         ", which is not in the key file");
  }
  rest.remove_prefix(dot + 1);
  std::string box(rest.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), rest.data(),
                        rest.size(), nullptr, &length, nullptr, kVariant) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return MakeError(ErrorCode::kInternal, "a sealed personal field is malformed");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(box.data());
  const std::size_t cipher = length - crypto_secretbox_NONCEBYTES;
  std::string plain(cipher - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, cipher, nonce,
                                 reinterpret_cast<const unsigned char*>(key->second.data())) != 0) {
    return MakeError(ErrorCode::kInternal, "a sealed personal field does not open with key " +
                                               std::to_string(id) +
                                               " (altered, or the key is wrong)");
  }
  return plain;
}

bool Sealer::IsCurrent(std::string_view stored) const {
  return stored.empty() ||
         stored.rfind(std::string(kPrefix) + std::to_string(current_) + ".", 0) == 0;
}

std::string Sealer::Lookup(std::string_view normalised) const {
  if (normalised.empty()) {
    return {};
  }
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(normalised.data()), normalised.size(),
                     reinterpret_cast<const unsigned char*>(index_key_.data()), index_key_.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace ratusz::security
