#pragma once

// Area and topic notices (S16): a resident subscribes to a topic ("road works") in an area (a
// district) or the whole city; the city broadcasts a notice about a topic over an area (a named
// one or a polygon drawn for the occasion), now or at a set time (a reminder before a fee's
// deadline), and every confirmed subscriber whose area it touches gets it once, in their
// language, on the channel they subscribed with — no more than a few a day each.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace ratusz::residents {

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};
using Polygon = std::vector<GeoPoint>;  // Closed implicitly (the last point joins the first).

struct NoticeTopic {
  std::string code;  // road_works
  std::string name_pl;
  std::string name_en;
};

struct NoticeArea {
  std::string code;  // mokotow
  std::string name_pl;
  std::string name_en;
  Polygon polygon;
};

struct NoticeSetup {
  std::vector<NoticeTopic> topics;
  std::vector<NoticeArea> areas;
  int max_per_day = 3;  // Broadcast notices one subscriber gets in any 24 hours.

  const NoticeTopic* Topic(std::string_view code) const;
  const NoticeArea* Area(std::string_view code) const;
};

// Whether `p` lies inside the polygon (even-odd rule; a point on an edge may go either way).
bool Contains(const Polygon& polygon, GeoPoint p);
// Whether two polygons share any point: one holds a corner of the other, or their edges cross.
bool Overlap(const Polygon& a, const Polygon& b);
// A polygon the configuration or a broadcast may use: 3 to 1,000 corners with valid
// coordinates, not all on one line.
[[nodiscard]] Status CheckPolygon(const Polygon& polygon, std::string_view field);

// What a resident asks for: a channel address (an e-mail address or a telephone number), the
// topics, the areas ("" or none: the whole city), their language, and the consent text they
// agreed to (purpose notifications).
struct SubscriptionInput {
  std::string address;
  std::vector<std::string> topics;
  std::vector<std::string> areas;
  std::string language = "pl";
  std::string consent_version;
  std::string channel = "web";  // Where the consent was given.
};

struct SubscriptionRequest {
  std::string kind;     // email | sms
  std::string address;  // Normalised: lower-case address, or E.164.
  std::vector<std::pair<std::string, std::string>> pairs;  // (topic, area); area "" = city.
  std::string language;
  std::string consent_version;
  std::string channel;
};

// Checks a subscription; every problem at once. `consent_versions`: the versions of the
// notifications consent text residents may agree to. With `followed_case` (a case's number)
// the subscription is to that case's updates ("case:<number>") and takes no topics or areas.
[[nodiscard]] Result<SubscriptionRequest> ValidateSubscription(
    const SubscriptionInput& input, const NoticeSetup& setup,
    const std::vector<std::string>& consent_versions, std::string_view default_country,
    std::string_view followed_case = {});

// The topic of a case's followers by address, and the case it names ("" for other topics).
std::string CaseTopic(std::string_view number);
std::string_view CaseOfTopic(std::string_view topic);

struct BroadcastInput {
  std::string topic;
  std::string area;  // A configured area's code, or empty with a polygon, or neither: the city.
  Polygon polygon;
  std::string title_pl;
  std::string title_en;
  std::string text_pl;
  std::string text_en;
  std::optional<Timestamp> send_at;  // Later: a scheduled reminder. Nothing: now.
};

struct Broadcast {
  std::int64_t id = 0;
  std::string topic;
  std::string area;                // As asked for ("" with a polygon or for the city).
  Polygon polygon;                 // As drawn, if it was.
  std::vector<std::string> reach;  // The configured areas it touches; empty with city_wide.
  bool city_wide = false;
  std::string title_pl;
  std::string title_en;
  std::string text_pl;
  std::string text_en;
  Timestamp send_at;
  std::string created_by;
  Timestamp created_at;
  std::string state = "scheduled";  // scheduled | sent | cancelled
  // Counted from the messages: subscribers reached, sent, waiting, failed.
  std::int64_t recipients = 0;
  std::int64_t sent = 0;
  std::int64_t waiting = 0;
  std::int64_t failed = 0;
};

// Checks a broadcast and works out which areas it reaches; every problem at once. A send_at in
// the past is "now"; more than a year ahead is refused.
[[nodiscard]] Result<Broadcast> ValidateBroadcast(const BroadcastInput& input,
                                                  const NoticeSetup& setup, Timestamp now);

// The text in `language` ("pl" or "en"), falling back to the other when it is empty.
std::string_view InLanguage(std::string_view language, std::string_view pl, std::string_view en);

// When a subscriber who was sent notices at `sent` (any order) may get the next one without
// going over `per_day` in any 24 hours; nothing when it may go now.
std::optional<Timestamp> ThrottledUntil(std::vector<Timestamp> sent, int per_day, Timestamp now);

}  // namespace ratusz::residents
