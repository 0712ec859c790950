#pragma once

// How a city sets up its contact center (read from the configuration by src/config, used by
// app::ContactCenter): the queues with their routing, names, opening hours and the numbers
// that reach them; wrap-up codes; timing.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "contact/router.hpp"

namespace ratusz::contact {

// A text in Polish and English.
struct Texts {
  std::string pl;
  std::string en;
  const std::string& In(std::string_view language) const {
    return (language == "en" && !en.empty()) ? en : pl;
  }
};

struct QueueSetup {
  QueueConfig routing;
  Texts name;
  std::string calendar;              // Opening hours (a [[calendar]] id); empty: always open.
  std::vector<std::string> numbers;  // Dialled numbers that reach it (voice).
  int max_waiting = 0;               // New contacts are turned away above it; 0: no limit.
  Texts closed_message;              // Said to a contact out of hours ...
  Texts full_message;                // ... and when too many are waiting.
};

struct WrapUpCode {
  std::string code;  // "info", "case-created", ...
  Texts name;
};

struct CenterSetup {
  RouterOptions routing;
  std::vector<QueueSetup> queues;
  std::vector<WrapUpCode> wrap_up_codes;
  // An agent whose last console connection closed is logged out after this (their
  // interactions are re-queued); a waiting chat whose resident left is abandoned after this.
  std::chrono::seconds agent_disconnect_grace{10};
  std::chrono::seconds chat_abandon_after{120};
  // First-contact resolution: a contact is resolved at first contact when the same address
  // does not come back within this window.
  std::chrono::hours repeat_window{24 * 7};
  // The telephone system's bearer token for the CTI endpoint; empty: CTI is turned off.
  std::string cti_token;
};

}  // namespace ratusz::contact
