#pragma once

// Enums with stable wire names, kept as constexpr tables of (value, name) pairs.

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace ratusz {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

// The name of `value`; the first entry's name when the table lacks it.
template <typename E, std::size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) {
      return name;
    }
  }
  return table[0].second;
}

// The value named exactly `name`.
template <typename E, std::size_t N>
std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace ratusz
