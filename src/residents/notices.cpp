#include "residents/notices.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"
#include "residents/phone.hpp"
#include "residents/resident.hpp"

namespace ratusz::residents {
namespace {

constexpr std::size_t kMaxCorners = 1000;
constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxText = 2000;
constexpr std::size_t kMaxPairs = 100;

// Twice the signed area of the triangle (a, b, c): > 0 when c is left of a->b.
double Cross(GeoPoint a, GeoPoint b, GeoPoint c) {
  return (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
}

bool OnSegment(GeoPoint a, GeoPoint b, GeoPoint p) {
  return std::min(a.lon, b.lon) <= p.lon && p.lon <= std::max(a.lon, b.lon) &&
         std::min(a.lat, b.lat) <= p.lat && p.lat <= std::max(a.lat, b.lat);
}

bool SegmentsMeet(GeoPoint a, GeoPoint b, GeoPoint c, GeoPoint d) {
  const double d1 = Cross(c, d, a);
  const double d2 = Cross(c, d, b);
  const double d3 = Cross(a, b, c);
  const double d4 = Cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (d1 == 0 && OnSegment(c, d, a)) || (d2 == 0 && OnSegment(c, d, b)) ||
         (d3 == 0 && OnSegment(a, b, c)) || (d4 == 0 && OnSegment(a, b, d));
}

Error Combine(const std::vector<Error>& problems) {
  std::string message;
  for (const auto& e : problems) {
    message += (message.empty() ? "" : "; ") + e.message;
  }
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), problems.front().field);
}

void CheckText(std::string_view text, std::size_t limit, const char* field,
               std::vector<Error>& problems) {
  if (!IsValidUtf8(text)) {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, std::string(field) + " must be UTF-8 text", field));
  } else if (text.size() > limit) {
    problems.push_back(MakeError(
        ErrorCode::kInvalidArgument,
        std::string(field) + " is longer than " + std::to_string(limit) + " bytes", field));
  }
}

}  // namespace

const NoticeTopic* NoticeSetup::Topic(std::string_view code) const {
  const auto it =
      std::find_if(topics.begin(), topics.end(), [&](const auto& t) { return t.code == code; });
  return it == topics.end() ? nullptr : &*it;
}

const NoticeArea* NoticeSetup::Area(std::string_view code) const {
  const auto it =
      std::find_if(areas.begin(), areas.end(), [&](const auto& a) { return a.code == code; });
  return it == areas.end() ? nullptr : &*it;
}

bool Contains(const Polygon& polygon, GeoPoint p) {
  bool inside = false;
  for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    const GeoPoint a = polygon[i];
    const GeoPoint b = polygon[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon) {
      inside = !inside;
    }
  }
  return inside;
}

bool Overlap(const Polygon& a, const Polygon& b) {
  if (a.size() < 3 || b.size() < 3) {
    return false;
  }
  if (Contains(a, b.front()) || Contains(b, a.front())) {
    return true;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const GeoPoint a1 = a[i];
    const GeoPoint a2 = a[(i + 1) % a.size()];
    for (std::size_t j = 0; j < b.size(); ++j) {
      if (SegmentsMeet(a1, a2, b[j], b[(j + 1) % b.size()])) {
        return true;
      }
    }
  }
  return false;
}

Status CheckPolygon(const Polygon& polygon, std::string_view field) {
  const std::string name(field);
  if (polygon.size() < 3 || polygon.size() > kMaxCorners) {
    return MakeError(ErrorCode::kInvalidArgument,
                     name + " must have 3 to " + std::to_string(kMaxCorners) + " corners", name);
  }
  double area = 0;
  for (std::size_t i = 0; i < polygon.size(); ++i) {
    const GeoPoint p = polygon[i];
    if (!std::isfinite(p.lat) || !std::isfinite(p.lon) || p.lat < -90 || p.lat > 90 ||
        p.lon < -180 || p.lon > 180) {
      return MakeError(ErrorCode::kInvalidArgument,
                       name + " corner " + std::to_string(i) +
                           " is not a latitude and longitude ([lat, lon] in degrees)",
                       name);
    }
    const GeoPoint q = polygon[(i + 1) % polygon.size()];
    area += p.lon * q.lat - q.lon * p.lat;
  }
  if (area == 0) {
    return MakeError(ErrorCode::kInvalidArgument, name + " has no area (its corners are in line)",
                     name);
  }
  return {};
}

std::string CaseTopic(std::string_view number) { return "case:" + std::string(number); }

std::string_view CaseOfTopic(std::string_view topic) {
  return topic.rfind("case:", 0) == 0 ? topic.substr(5) : std::string_view{};
}

Result<SubscriptionRequest> ValidateSubscription(const SubscriptionInput& input,
                                                 const NoticeSetup& setup,
                                                 const std::vector<std::string>& consent_versions,
                                                 std::string_view default_country,
                                                 std::string_view followed_case) {
  std::vector<Error> problems;
  SubscriptionRequest r;
  const std::string_view address = Trim(input.address);
  if (address.find('@') != std::string_view::npos) {
    auto email = NormaliseEmail(address);
    if (email) {
      r.kind = "email";
      r.address = std::move(email).value();
    } else {
      problems.push_back(email.error());
    }
  } else {
    auto phone = NormalisePhone(address, default_country);
    if (phone) {
      r.kind = "sms";
      r.address = std::move(phone).value();
    } else {
      problems.push_back(MakeError(
          ErrorCode::kInvalidArgument,
          "address must be an e-mail address or a mobile number: " + phone.error().message,
          "address"));
    }
  }
  if (!followed_case.empty() && (!input.topics.empty() || !input.areas.empty())) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "following a case takes no topics or areas", "topics"));
  } else if (followed_case.empty() && input.topics.empty()) {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "topics must name at least one topic", "topics"));
  }
  for (const auto& topic : input.topics) {
    if (setup.Topic(topic) == nullptr) {
      problems.push_back(
          MakeError(ErrorCode::kInvalidArgument, "no notice topic '" + topic + "'", "topics"));
    }
  }
  std::vector<std::string> areas = input.areas;
  if (areas.empty()) {
    areas.emplace_back();  // The whole city.
  }
  for (const auto& area : areas) {
    if (!area.empty() && setup.Area(area) == nullptr) {
      problems.push_back(MakeError(ErrorCode::kInvalidArgument, "no area '" + area + "'", "areas"));
    }
  }
  if (input.topics.size() * areas.size() > kMaxPairs) {
    problems.push_back(MakeError(
        ErrorCode::kInvalidArgument,
        "at most " + std::to_string(kMaxPairs) + " topic and area pairs at once", "topics"));
  }
  if (input.language != "pl" && input.language != "en") {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "language must be pl or en", "language"));
  }
  if (std::find(consent_versions.begin(), consent_versions.end(), input.consent_version) ==
      consent_versions.end()) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "consent_version must be the version of the notifications "
                                 "consent text shown (GET /api/v1/public/consent-texts)",
                                 "consent_version"));
  }
  if (!KnownConsentChannel(input.channel)) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "unknown channel '" + input.channel + "'", "channel"));
  }
  if (!problems.empty()) {
    return Combine(problems);
  }
  if (!followed_case.empty()) {
    r.pairs.emplace_back(CaseTopic(followed_case), "");
  }
  for (const auto& topic : input.topics) {
    for (const auto& area : areas) {
      const std::pair<std::string, std::string> pair{topic, area};
      if (std::find(r.pairs.begin(), r.pairs.end(), pair) == r.pairs.end()) {
        r.pairs.push_back(pair);
      }
    }
  }
  r.language = input.language;
  r.consent_version = input.consent_version;
  r.channel = input.channel;
  return r;
}

Result<Broadcast> ValidateBroadcast(const BroadcastInput& input, const NoticeSetup& setup,
                                    Timestamp now) {
  std::vector<Error> problems;
  Broadcast b;
  if (setup.Topic(input.topic) == nullptr) {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "no notice topic '" + input.topic + "'", "topic"));
  }
  if (!input.area.empty() && !input.polygon.empty()) {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "give an area or a polygon, not both", "polygon"));
  } else if (!input.area.empty()) {
    if (setup.Area(input.area) == nullptr) {
      problems.push_back(
          MakeError(ErrorCode::kInvalidArgument, "no area '" + input.area + "'", "area"));
    } else {
      b.reach.push_back(input.area);
    }
  } else if (!input.polygon.empty()) {
    if (auto s = CheckPolygon(input.polygon, "polygon"); !s) {
      problems.push_back(s.error());
    } else {
      for (const auto& area : setup.areas) {
        if (Overlap(area.polygon, input.polygon)) {
          b.reach.push_back(area.code);
        }
      }
    }
  } else {
    b.city_wide = true;
  }
  const bool pl = !Trim(input.title_pl).empty() || !Trim(input.text_pl).empty();
  const bool en = !Trim(input.title_en).empty() || !Trim(input.text_en).empty();
  if (!pl && !en) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "a notice needs a title and a text (title_pl and text_pl, "
                                 "and/or title_en and text_en)",
                                 "text_pl"));
  }
  if ((pl && (Trim(input.title_pl).empty() || Trim(input.text_pl).empty())) ||
      (en && (Trim(input.title_en).empty() || Trim(input.text_en).empty()))) {
    problems.push_back(MakeError(ErrorCode::kInvalidArgument,
                                 "each language given needs both its title and its text",
                                 pl ? "title_pl" : "title_en"));
  }
  CheckText(input.title_pl, kMaxTitle, "title_pl", problems);
  CheckText(input.title_en, kMaxTitle, "title_en", problems);
  CheckText(input.text_pl, kMaxText, "text_pl", problems);
  CheckText(input.text_en, kMaxText, "text_en", problems);
  b.send_at = input.send_at && *input.send_at > now ? *input.send_at : now;
  if (b.send_at > now + std::chrono::days(366)) {
    problems.push_back(
        MakeError(ErrorCode::kInvalidArgument, "send_at may be at most a year ahead", "send_at"));
  }
  if (!problems.empty()) {
    return Combine(problems);
  }
  b.topic = input.topic;
  b.area = input.area;
  b.polygon = input.polygon;
  b.title_pl = std::string(Trim(input.title_pl));
  b.title_en = std::string(Trim(input.title_en));
  b.text_pl = std::string(Trim(input.text_pl));
  b.text_en = std::string(Trim(input.text_en));
  b.created_at = now;
  return b;
}

std::string_view InLanguage(std::string_view language, std::string_view pl, std::string_view en) {
  if (language == "en") {
    return en.empty() ? pl : en;
  }
  return pl.empty() ? en : pl;
}

std::optional<Timestamp> ThrottledUntil(std::vector<Timestamp> sent, int per_day, Timestamp now) {
  if (per_day <= 0) {
    return std::nullopt;
  }
  const Timestamp window = now - std::chrono::hours(24);
  std::erase_if(sent, [&](Timestamp t) { return t <= window; });
  if (static_cast<int>(sent.size()) < per_day) {
    return std::nullopt;
  }
  std::sort(sent.begin(), sent.end());
  // The next may go once enough of the window's messages are a day old.
  return sent[sent.size() - static_cast<std::size_t>(per_day)] + std::chrono::hours(24);
}

}  // namespace ratusz::residents
