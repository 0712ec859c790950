#include "http/contact_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "common/text.hpp"
#include "common/time_format.hpp"
#include "contact/erlang.hpp"
#include "contact/forecast.hpp"
#include "contact/shifts.hpp"
#include "http/api.hpp"
#include "http/contact_json.hpp"
#include "http/json_request.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"
#include "security/crypto.hpp"

namespace ratusz::http {

namespace json = boost::json;

json::value OptionalTime(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatW3c(*t)) : json::value(nullptr);
}

boost::json::object InteractionJson(const app::InteractionRecord& r) {
  json::array cases;
  for (const auto& c : r.cases) {
    cases.emplace_back(c);
  }
  return json::object{
      {"id", r.id},
      {"channel", r.channel},
      {"queue", r.queue},
      {"address", r.address},
      {"language", r.language},
      {"subject", r.subject},
      {"call", r.external_id.empty() ? json::value(nullptr) : json::value(r.external_id)},
      {"state", r.state},
      {"agent", r.agent},
      {"offered_at", FormatW3c(r.offered_at)},
      {"answered_at", OptionalTime(r.answered_at)},
      {"ended_at", OptionalTime(r.ended_at)},
      {"abandoned_at", OptionalTime(r.abandoned_at)},
      {"wrap_up", r.wrap_up},
      {"notes", r.notes},
      {"recording", r.recording},
      {"cases", std::move(cases)},
      {"last_seq", r.last_seq}};
}

namespace {

namespace json = boost::json;
using app::ContactNotice;
using app::InteractionRecord;

constexpr std::string_view kPrefix = "contact/";

json::object RoutingJson(const app::Routing& r) {
  json::object o{{"interaction", r.interaction.id},
                 {"state", r.interaction.state},
                 {"action", r.action},
                 {"agent", r.agent},
                 {"offer_expires_at", OptionalTime(r.offer_expires)},
                 {"waiting", r.waiting}};
  if (!r.interaction.external_id.empty()) {
    o["call"] = r.interaction.external_id;
  }
  if (!r.message.empty()) {
    o["message"] = r.message;
  }
  return o;
}

// What a resident sees of who wrote a line.
std::string_view PublicSender(std::string_view sender) {
  return sender.rfind("agent:", 0) == 0 ? "agent" : sender;
}

json::object LineJson(const app::ChatLine& l, bool for_staff) {
  json::object o{
      {"type", "message"}, {"interaction", l.interaction},
      {"seq", l.seq},      {"from", for_staff ? l.sender : std::string(PublicSender(l.sender))},
      {"text", l.text},    {"at", FormatW3c(l.at)}};
  if (for_staff && !l.delivery.empty()) {
    o["delivery"] = l.delivery;  // How a line sent by e-mail or text fared.
  }
  return o;
}

// What a resident is told of their chat's state.
std::string_view ResidentState(std::string_view state) {
  if (state == "connected") {
    return "connected";
  }
  if (state == "waiting" || state == "offered") {
    return "waiting";
  }
  return "ended";
}

json::object ProfileJson(const app::AgentProfile& p) {
  json::object skills;
  for (const auto& [k, v] : p.skills) {
    skills[k] = v;
  }
  json::array languages;
  for (const auto& l : p.languages) {
    languages.emplace_back(l);
  }
  json::object capacity;
  for (const auto& [k, v] : p.capacity) {
    capacity[k] = v;
  }
  return json::object{{"username", p.username},
                      {"skills", std::move(skills)},
                      {"languages", std::move(languages)},
                      {"capacity", std::move(capacity)}};
}

json::object SnapshotJson(const app::ContactSnapshot& s) {
  json::array queues;
  for (const auto& q : s.queues) {
    queues.push_back(json::object{{"queue", q.queue},
                                  {"waiting", q.waiting},
                                  {"longest_wait_s", q.longest_wait_s},
                                  {"offered", q.offered},
                                  {"answered", q.answered},
                                  {"abandoned", q.abandoned},
                                  {"abandon_rate", q.abandon_rate},
                                  {"average_speed_of_answer_s", q.average_speed_of_answer_s},
                                  {"service_level", q.service_level},
                                  {"average_handle_s", q.average_handle_s}});
  }
  json::array agents;
  for (const auto& a : s.agents) {
    json::object load;
    for (const auto& [k, v] : a.load) {
      load[k] = v;
    }
    agents.push_back(json::object{{"username", a.username},
                                  {"state", a.state},
                                  {"reason", a.reason},
                                  {"in_state_s", a.in_state_s},
                                  {"handled", a.handled},
                                  {"load", std::move(load)},
                                  {"connected", a.connected}});
  }
  json::object by_state;
  for (const auto& [k, v] : s.agents_by_state) {
    by_state[k] = v;
  }
  return json::object{{"type", "live"},
                      {"at", FormatW3c(s.at)},
                      {"queues", std::move(queues)},
                      {"agents", std::move(agents)},
                      {"agents_by_state", std::move(by_state)},
                      {"occupancy", s.occupancy}};
}

std::string ErrorMessage(const Error& e, std::string_view id = {}) {
  json::object o{{"type", "error"}, {"code", ErrorCodeName(e.code)}, {"message", e.message}};
  if (!id.empty()) {
    o["id"] = id;
  }
  return json::serialize(o);
}

bool IsLead(const cases::Actor& actor) {
  return actor.role == cases::Role::kSupervisor || actor.role == cases::Role::kAdmin;
}

std::string UsernameOf(const cases::Actor& actor) {
  return actor.id.rfind("user:", 0) == 0 ? actor.id.substr(5) : actor.id;
}

HttpResponse Refuse(const cases::Actor& actor, std::string_view what) {
  return Api::ErrorResponse(ErrorCode::kPermissionDenied,
                            std::string(what) + " is for supervisors and admins, not " +
                                std::string(cases::RoleName(actor.role)));
}

// Reads a whole-number seconds parameter within bounds, or its default.
Result<double> SecondsParam(const Params& p, const char* key, double fallback, double max) {
  if (!p.Has(key)) {
    return fallback;
  }
  const auto v = ParseId(p.Get(key));
  if (!v || static_cast<double>(*v) > max) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(key) + " must be 1 to " + std::to_string(static_cast<int>(max)),
                     key);
  }
  return static_cast<double>(*v);
}

// Monday 00:00 (city time) of the week `date` (YYYY-MM-DD, a Monday) names.
Result<Timestamp> WeekStart(const app::ContactCenter& center, std::string_view date) {
  auto t = ParseW3c(std::string(date) + "T00:00:00Z");
  if (date.size() != 10 || !t) {
    return MakeError(ErrorCode::kInvalidArgument, "week must be a date YYYY-MM-DD", "week");
  }
  const auto day = std::chrono::floor<std::chrono::days>(t.value());
  if (std::chrono::weekday(day) != std::chrono::Monday) {
    return MakeError(ErrorCode::kInvalidArgument, "week must be a Monday", "week");
  }
  const workflow::LocalTime local{day.time_since_epoch()};
  return center.zone().ToUtc(local);
}

struct WeekForecast {
  Timestamp start;
  int history_weeks = 0;
  contact::Week forecast;
  std::vector<int> agents;
  std::vector<double> service_level;
};

// Forecasts a queue's week from the eight weeks before it and staffs it with Erlang C.
Result<WeekForecast> ForecastFor(app::ContactCenter& center, const std::string& queue,
                                 Timestamp start, double handle_s, double target_s, double share) {
  constexpr auto kInterval = std::chrono::minutes(15);
  constexpr auto kWeek = std::chrono::hours(24 * 7);
  WeekForecast out;
  out.start = start;
  std::vector<contact::Week> history;
  for (int w = 8; w >= 1; --w) {
    const Timestamp from = start - kWeek * w;
    auto rows = center.Intervals(queue, from, from + kWeek);
    if (!rows) {
      return rows.error();
    }
    if (rows->empty()) {
      continue;
    }
    contact::Week week(contact::kIntervalsPerWeek, 0.0);
    for (const auto& row : rows.value()) {
      const auto index = (row.start - from) / kInterval;
      if (index >= 0 && index < contact::kIntervalsPerWeek) {
        week[static_cast<std::size_t>(index)] += static_cast<double>(row.offered);
      }
    }
    history.push_back(std::move(week));
  }
  if (history.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "queue " + queue +
                         " has no statistics in the eight weeks before; import its history "
                         "(POST /api/v1/contact/import/queue-log) or let it run");
  }
  out.history_weeks = static_cast<int>(history.size());
  out.forecast = contact::ForecastWeek(history);
  for (const double calls : out.forecast) {
    const contact::Traffic traffic{calls * 4.0, handle_s};
    const int agents = calls <= 0 ? 0 : contact::AgentsNeeded(traffic, target_s, share);
    out.agents.push_back(agents);
    out.service_level.push_back(
        agents == 0 ? 1.0 : contact::ErlangCFor(traffic, agents, target_s).service_level);
  }
  return out;
}

const contact::QueueSetup* FindQueue(const app::ContactCenter& center, std::string_view id) {
  for (const auto& q : center.setup().queues) {
    if (q.routing.id == id) {
      return &q;
    }
  }
  return nullptr;
}

}  // namespace

// --- The hub ------------------------------------------------------------------------------------

void ContactHub::ToAgent(const std::string& agent, const std::string& text) {
  const auto [begin, end] = consoles_.equal_range(agent);
  for (auto it = begin; it != end; ++it) {
    it->second->Send(text);
  }
}

void ContactHub::ToResident(std::int64_t chat, const std::string& text) {
  const auto [begin, end] = residents_.equal_range(chat);
  for (auto it = begin; it != end; ++it) {
    it->second->Send(text);
  }
}

void ContactHub::Notify(const ContactNotice& n) {
  std::lock_guard lock(mutex_);
  // The agent who asked the expert line follows the question as a resident follows a chat.
  std::string asker;
  if (n.interaction.channel == "consult" && n.interaction.address.rfind("agent:", 0) == 0) {
    asker = n.interaction.address.substr(6);
    if (asker == n.agent) {
      asker.clear();
    }
  }
  switch (n.kind) {
    case ContactNotice::Kind::kOffer:
      ToAgent(n.agent, json::serialize(json::object{{"type", "offer"},
                                                    {"interaction", InteractionJson(n.interaction)},
                                                    {"expires_at", FormatW3c(n.expires_at)}}));
      break;
    case ContactNotice::Kind::kOfferGone:
      ToAgent(n.agent, json::serialize(json::object{{"type", "offer_gone"},
                                                    {"interaction", n.interaction.id}}));
      break;
    case ContactNotice::Kind::kInteraction: {
      const std::string staff = json::serialize(
          json::object{{"type", "interaction"}, {"interaction", InteractionJson(n.interaction)}});
      if (!n.agent.empty()) {
        ToAgent(n.agent, staff);
      }
      if (!asker.empty()) {
        ToAgent(asker, staff);
      }
      if (n.interaction.channel == "chat") {
        ToResident(n.interaction.id,
                   json::serialize(json::object{{"type", "state"},
                                                {"state", ResidentState(n.interaction.state)}}));
      }
      break;
    }
    case ContactNotice::Kind::kChat:
      if (!n.agent.empty()) {
        ToAgent(n.agent, json::serialize(LineJson(n.line, true)));
      }
      if (!asker.empty()) {
        ToAgent(asker, json::serialize(LineJson(n.line, true)));
      }
      ToResident(n.interaction.id, json::serialize(LineJson(n.line, false)));
      break;
    case ContactNotice::Kind::kTyping:
      if (n.from == "resident") {
        if (!n.agent.empty()) {
          ToAgent(n.agent, json::serialize(json::object{{"type", "typing"},
                                                        {"interaction", n.interaction.id},
                                                        {"from", "resident"}}));
        }
      } else {
        ToResident(n.interaction.id,
                   json::serialize(json::object{
                       {"type", "typing"}, {"interaction", n.interaction.id}, {"from", "agent"}}));
      }
      break;
    case ContactNotice::Kind::kAgent: {
      const std::string text = json::serialize(json::object{
          {"type", "agent"}, {"agent", n.agent}, {"state", n.state}, {"reason", n.reason}});
      ToAgent(n.agent, text);
      for (const auto& s : supervisors_) {
        s->Send(text);
      }
      break;
    }
  }
}

void ContactHub::PushLive(const app::ContactSnapshot& snapshot) {
  std::lock_guard lock(mutex_);
  if (supervisors_.empty()) {
    return;
  }
  const std::string text = json::serialize(SnapshotJson(snapshot));
  for (const auto& s : supervisors_) {
    s->Send(text);
  }
}

bool ContactHub::HasSupervisors() {
  std::lock_guard lock(mutex_);
  return !supervisors_.empty();
}

void ContactHub::AddConsole(const std::string& agent, bool supervisor,
                            const std::shared_ptr<WsPeer>& peer) {
  std::lock_guard lock(mutex_);
  consoles_.emplace(agent, peer);
  if (supervisor) {
    supervisors_.push_back(peer);
  }
}

void ContactHub::RemoveConsole(const std::string& agent, const std::shared_ptr<WsPeer>& peer) {
  std::lock_guard lock(mutex_);
  const auto [begin, end] = consoles_.equal_range(agent);
  for (auto it = begin; it != end; ++it) {
    if (it->second == peer) {
      consoles_.erase(it);
      break;
    }
  }
  std::erase(supervisors_, peer);
}

void ContactHub::AddResident(std::int64_t chat, const std::shared_ptr<WsPeer>& peer) {
  std::lock_guard lock(mutex_);
  residents_.emplace(chat, peer);
}

void ContactHub::RemoveResident(std::int64_t chat, const std::shared_ptr<WsPeer>& peer) {
  std::lock_guard lock(mutex_);
  const auto [begin, end] = residents_.equal_range(chat);
  for (auto it = begin; it != end; ++it) {
    if (it->second == peer) {
      residents_.erase(it);
      break;
    }
  }
}

// --- REST ---------------------------------------------------------------------------------------

void ContactApi::AfterWrites(Responder later, HttpResponse response) {
  center_.Flush([later = std::move(later), response = std::move(response)](Status s) mutable {
    later(s ? std::move(response) : Api::ErrorResponse(s.error()));
  });
}

std::optional<HttpResponse> ContactApi::HandleCti(std::string_view route,
                                                  const HttpRequest& request, Responder later) {
  if (options_.cti_token.empty()) {
    return Api::ErrorResponse(ErrorCode::kUnavailable,
                              "CTI is turned off: set contact.cti_token (or cti_token_file)");
  }
  const std::string* auth = request.Header("authorization");
  const std::string expected = "Bearer " + options_.cti_token;
  if (auth == nullptr || !security::ConstantTimeEquals(*auth, expected)) {
    return Api::ErrorResponse(ErrorCode::kUnauthenticated,
                              "the telephone system authenticates with Authorization: Bearer "
                              "<contact.cti_token>");
  }
  const std::string_view rest = route.substr(std::string_view("contact/cti/").size());
  if (rest.rfind("calls/", 0) == 0 && request.method == "GET") {
    auto id = center_.InteractionOfCall(std::string(rest.substr(6)));
    if (!id) {
      return Api::ErrorResponse(id.error());
    }
    auto routing = center_.RouteOf(id.value());
    if (!routing) {
      return Api::ErrorResponse(routing.error());
    }
    return JsonResponse(200, RoutingJson(routing.value()));
  }
  if (rest == "queue-log" && request.method == "POST") {
    const auto imported = center_.ImportQueueLog(request.body);
    json::array problems;
    for (const auto& [line, reason] : imported.problems) {
      problems.push_back(json::object{{"line", line}, {"reason", reason}});
    }
    AfterWrites(std::move(later),
                JsonResponse(200, json::object{{"applied", imported.applied},
                                               {"refused", imported.refused},
                                               {"problems", std::move(problems)}}));
    return std::nullopt;
  }
  if (rest != "events" || request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "CTI: POST contact/cti/events, POST contact/cti/queue-log, "
                              "GET contact/cti/calls/{call}");
  }
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  const std::string event = f.String("event");
  const std::string call = f.String("call");
  const std::string agent = f.String("agent");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (call.empty() || call.size() > 200) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "call (the call's id) is required",
                              "call");
  }
  Result<app::Routing> routing = MakeError(ErrorCode::kInvalidArgument, "");
  if (event == "offered") {
    app::NewContact c;
    c.channel = contact::Channel::kVoice;
    c.external_id = call;
    c.address = f.String("caller");
    c.dialled = f.String("dialled");
    c.queue = f.String("queue");
    c.language = f.String("language");
    c.priority = static_cast<int>(std::clamp<std::int64_t>(f.Int("priority").value_or(0), -10, 10));
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    if (c.dialled.empty() && c.queue.empty()) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "an offered call names the dialled number or the queue", "dialled");
    }
    routing = center_.Open(std::move(c));
  } else {
    auto id = center_.InteractionOfCall(call);
    if (!id) {
      return Api::ErrorResponse(id.error());
    }
    if (event == "ringing") {
      routing = center_.RouteOf(id.value());
      if (routing && (routing->action != "ring" || routing->agent != agent)) {
        routing = MakeError(ErrorCode::kFailedPrecondition,
                            "call " + call + " is not offered to " + agent.substr(0, 80) +
                                " (now: " + routing->action + " " + routing->agent + ")");
      }
    } else if (event == "answered") {
      routing = center_.Accept(id.value(), agent);
    } else if (event == "no_answer" || event == "declined") {
      routing = center_.Decline(id.value(), agent);
    } else if (event == "ended" || event == "abandoned") {
      routing = center_.End(id.value());
    } else if (event == "transferred") {
      routing = center_.Transfer(id.value(), f.String("queue"), f.Bool("warm"));
    } else if (event == "held" || event == "resumed") {
      routing = center_.RouteOf(id.value());
      if (routing && routing->action != "connected") {
        routing = MakeError(ErrorCode::kFailedPrecondition,
                            "call " + call + " is not connected; it cannot be " + event);
      }
    } else if (event == "recording") {
      auto r = center_.SetRecording(id.value(), f.String("recording"));
      routing = r ? center_.RouteOf(id.value()) : Result<app::Routing>(r.error());
    } else {
      routing = MakeError(ErrorCode::kInvalidArgument,
                          "event must be offered, ringing, answered, no_answer, declined, "
                          "transferred, held, resumed, ended, abandoned or recording",
                          "event");
    }
  }
  if (!routing) {
    return Api::ErrorResponse(routing.error());
  }
  AfterWrites(std::move(later), JsonResponse(200, RoutingJson(routing.value())));
  return std::nullopt;
}

std::optional<HttpResponse> ContactApi::Handle(const cases::Actor& actor, std::string_view route,
                                               const HttpRequest& request, Responder later) {
  const std::string_view rest = route.substr(kPrefix.size());
  if (rest == "queues" && request.method == "GET") {
    const auto live = center_.Live();
    json::array queues;
    for (const auto& q : center_.setup().queues) {
      json::object o{{"id", q.routing.id},
                     {"name", json::object{{"pl", q.name.pl}, {"en", q.name.en}}},
                     {"channel", contact::ChannelName(q.routing.channel)},
                     {"skill", q.routing.skill},
                     {"language", q.routing.language},
                     {"priority", q.routing.priority},
                     {"service_level_seconds", q.routing.service_level_time.count()},
                     {"service_level_share", q.routing.service_level_share},
                     {"overflow_skill", q.routing.overflow_skill},
                     {"calendar", q.calendar},
                     {"max_waiting", q.max_waiting}};
      for (const auto& s : live.queues) {
        if (s.queue == q.routing.id) {
          o["waiting"] = s.waiting;
        }
      }
      queues.push_back(std::move(o));
    }
    json::array codes;
    for (const auto& c : center_.setup().wrap_up_codes) {
      codes.push_back(json::object{{"code", c.code},
                                   {"name", json::object{{"pl", c.name.pl}, {"en", c.name.en}}}});
    }
    return JsonResponse(200, json::object{{"queues", std::move(queues)}, {"wrap_up_codes", codes}});
  }
  if (rest == "live" && request.method == "GET") {
    if (!IsLead(actor)) {
      return Refuse(actor, "the live view");
    }
    return JsonResponse(200, SnapshotJson(center_.Live()));
  }
  if (rest == "agents" || rest.rfind("agents/", 0) == 0) {
    return Agents(actor, rest, request, std::move(later));
  }
  if (rest == "interactions" || rest.rfind("interactions/", 0) == 0) {
    return Interactions(actor, rest, request, std::move(later));
  }
  if (rest.rfind("stats/", 0) == 0 && request.method == "GET") {
    return Stats(actor, rest, request);
  }
  if (rest == "staffing" || rest == "staffing/plan") {
    if (!IsLead(actor)) {
      return Refuse(actor, "staffing");
    }
    if (rest == "staffing" && request.method == "GET") {
      return Staffing(request);
    }
    if (rest == "staffing/plan" && request.method == "POST") {
      return ShiftPlan(request);
    }
  }
  return Api::ErrorResponse(
      ErrorCode::kNotFound,
      "no such contact-center endpoint: " + request.method + " " + request.path.substr(0, 80));
}

std::optional<HttpResponse> ContactApi::Agents(const cases::Actor& actor, std::string_view rest,
                                               const HttpRequest& request, Responder later) {
  const std::string me = UsernameOf(actor);
  if (rest == "agents") {
    if (!IsLead(actor)) {
      return Refuse(actor, "the list of agents");
    }
    auto profiles = center_.Profiles();
    if (!profiles) {
      return Api::ErrorResponse(profiles.error());
    }
    const auto live = center_.Live();
    json::array out;
    for (const auto& p : profiles.value()) {
      json::object o = ProfileJson(p);
      for (const auto& a : live.agents) {
        if (a.username == p.username) {
          o["state"] = a.state;
          o["reason"] = a.reason;
          o["in_state_s"] = a.in_state_s;
          o["handled"] = a.handled;
          o["connected"] = a.connected;
        }
      }
      out.push_back(std::move(o));
    }
    return JsonResponse(200, json::object{{"agents", std::move(out)}});
  }
  std::string_view name = rest.substr(std::string_view("agents/").size());
  const bool state_route = name.size() > 6 && name.substr(name.size() - 6) == "/state";
  if (state_route) {
    name.remove_suffix(6);
  }
  std::string username(name == "me" ? std::string_view(me) : name);
  if (username.empty() || username.find('/') != std::string::npos || username.size() > 100) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such agent");
  }
  auto body = BodyObject(request);
  if (state_route && request.method == "POST") {
    if (username != me && !IsLead(actor)) {
      return Refuse(actor, "changing another agent's state");
    }
    if (!body) {
      return Api::ErrorResponse(body.error());
    }
    Fields f(body.value());
    const std::string state = f.String("state");
    const std::string reason = f.String("reason");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    const auto parsed = contact::ParseAgentState(state);
    if (!parsed) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "state must be available, break or offline", "state");
    }
    auto live = center_.SetState(username, *parsed, reason.substr(0, 100));
    if (!live) {
      return Api::ErrorResponse(live.error());
    }
    AfterWrites(std::move(later), JsonResponse(200, json::object{{"username", live->username},
                                                                 {"state", live->state},
                                                                 {"reason", live->reason}}));
    return std::nullopt;
  }
  if (!state_route && request.method == "PUT") {
    if (!IsLead(actor)) {
      return Refuse(actor, "setting an agent's skills");
    }
    if (!body) {
      return Api::ErrorResponse(body.error());
    }
    app::AgentProfile p;
    p.username = username;
    const auto read_levels = [&](const char* key, auto& out) -> Status {
      const auto* v = body->if_contains(key);
      if (v == nullptr) {
        return {};
      }
      if (!v->is_object()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         std::string(key) + " must be an object of names and numbers", key);
      }
      for (const auto& [k, level] : v->as_object()) {
        if (!level.is_int64() || k.empty() || k.size() > 60) {
          return MakeError(
              ErrorCode::kInvalidArgument,
              std::string(key) + "." + std::string(k.substr(0, 60)) + " must be a whole number",
              key);
        }
        out[std::string(k)] = static_cast<int>(level.as_int64());
      }
      return {};
    };
    if (auto s = read_levels("skills", p.skills); !s) {
      return Api::ErrorResponse(s.error());
    }
    if (auto s = read_levels("capacity", p.capacity); !s) {
      return Api::ErrorResponse(s.error());
    }
    if (const auto* langs = body->if_contains("languages")) {
      if (!langs->is_array()) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "languages must be an array",
                                  "languages");
      }
      for (const auto& l : langs->as_array()) {
        if (!l.is_string() || l.as_string().empty() || l.as_string().size() > 10) {
          return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                    "languages are codes such as \"pl\"", "languages");
        }
        p.languages.emplace_back(l.as_string());
      }
    }
    if (p.skills.empty()) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "an agent needs at least one skill",
                                "skills");
    }
    if (auto s = center_.SetProfile(p); !s) {
      return Api::ErrorResponse(s.error());
    }
    AfterWrites(std::move(later), JsonResponse(200, ProfileJson(p)));
    return std::nullopt;
  }
  return Api::ErrorResponse(ErrorCode::kNotFound,
                            "agents: GET agents, PUT agents/{username}, POST "
                            "agents/{username}/state");
}

std::optional<HttpResponse> ContactApi::Interactions(const cases::Actor& actor,
                                                     std::string_view rest,
                                                     const HttpRequest& request, Responder later) {
  const std::string me = UsernameOf(actor);
  if (rest == "interactions") {
    if (request.method == "GET") {
      auto p = QueryOf(request);
      if (!p) {
        return Api::ErrorResponse(p.error());
      }
      app::InteractionQuery q;
      q.case_number = p->Get("case");
      q.address = p->Get("address");
      q.agent = IsLead(actor) ? p->Get("agent") : me;  // Agents see their own contacts.
      q.queue = p->Get("queue");
      for (auto [key, out] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
        if (auto s = TimeParam(p.value(), key, *out); !s) {
          return Api::ErrorResponse(s.error());
        }
      }
      if (p->Has("limit")) {
        const auto n = ParseId(p->Get("limit"));
        if (!n || *n > 1000) {
          return Api::ErrorResponse(ErrorCode::kInvalidArgument, "limit must be 1 to 1000",
                                    "limit");
        }
        q.limit = static_cast<int>(*n);
      }
      auto list = center_.History(q);
      if (!list) {
        return Api::ErrorResponse(list.error());
      }
      json::array out;
      for (const auto& r : list.value()) {
        out.push_back(InteractionJson(r));
      }
      return JsonResponse(200, json::object{{"interactions", std::move(out)}});
    }
    if (request.method == "POST") {
      // A contact registered by hand: a walk-in, a letter, a fax, a web form.
      auto body = BodyObject(request);
      if (!body) {
        return Api::ErrorResponse(body.error());
      }
      Fields f(body.value());
      app::NewContact c;
      const auto channel = contact::ParseChannel(f.String("channel"));
      c.queue = f.String("queue");
      c.address = f.String("address");
      c.language = f.String("language");
      c.subject = f.String("subject");
      if (f.error) {
        return Api::ErrorResponse(*f.error);
      }
      if (!channel) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                  "channel must be voice, chat, email, sms, web_form, fax or "
                                  "walk_in",
                                  "channel");
      }
      if (*channel == contact::Channel::kConsult) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                  "questions to experts go through POST /api/v1/kb/consultations",
                                  "channel");
      }
      c.channel = *channel;
      if (c.queue.empty()) {
        return Api::ErrorResponse(ErrorCode::kInvalidArgument, "queue is required", "queue");
      }
      auto routing = center_.Open(std::move(c));
      if (!routing) {
        return Api::ErrorResponse(routing.error());
      }
      AfterWrites(std::move(later), JsonResponse(201, RoutingJson(routing.value())));
      return std::nullopt;
    }
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use GET or POST");
  }
  std::string_view tail = rest.substr(std::string_view("interactions/").size());
  const auto slash = tail.find('/');
  const auto id = ParseId(tail.substr(0, slash));
  const std::string action(slash == std::string_view::npos ? "" : tail.substr(slash + 1));
  if (!id) {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "no interaction " + std::string(tail.substr(0, slash)).substr(0, 20));
  }
  auto current = center_.Load(*id);
  if (!current) {
    return Api::ErrorResponse(current.error());
  }
  const bool mine = current->agent == me;
  if (action.empty() && request.method == "GET") {
    if (!mine && !IsLead(actor)) {
      return Api::ErrorResponse(ErrorCode::kPermissionDenied, "interaction " + std::to_string(*id) +
                                                                  " is handled by another agent");
    }
    json::object o = InteractionJson(current.value());
    // Written contacts have their text; a call, the texts sent to the caller afterwards.
    if (current->channel != "voice" || current->last_seq > 0) {
      auto lines = center_.Transcript(*id, 0);
      if (!lines) {
        return Api::ErrorResponse(lines.error());
      }
      json::array transcript;
      for (const auto& l : lines.value()) {
        transcript.push_back(LineJson(l, true));
      }
      o["transcript"] = std::move(transcript);
      auto files = center_.Files(*id);
      if (!files) {
        return Api::ErrorResponse(files.error());
      }
      json::array listed;
      for (const auto& f : files.value()) {
        listed.push_back(json::object{{"name", f.name},
                                      {"kind", f.kind},
                                      {"content_type", f.content_type},
                                      {"bytes", f.bytes},
                                      {"sha256", f.sha256}});
      }
      o["files"] = std::move(listed);
    }
    return JsonResponse(200, o);
  }
  if (action.rfind("files/", 0) == 0 && request.method == "GET" && media_ != nullptr) {
    auto file = center_.FileOf(actor, *id, std::string_view(action).substr(6));
    if (!file) {
      return Api::ErrorResponse(file.error());
    }
    auto bytes = media_->Get(file->sha256, false);
    if (!bytes) {
      return Api::ErrorResponse(bytes.error());
    }
    HttpResponse r;
    r.content_type = file->content_type;
    r.body = std::move(bytes).value();
    r.headers.emplace_back("Cache-Control", "private, no-store");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Content-Disposition", "attachment");
    return r;
  }
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST");
  }
  if (action != "accept" && action != "decline" && !mine && !IsLead(actor)) {
    return Api::ErrorResponse(ErrorCode::kPermissionDenied, "interaction " + std::to_string(*id) +
                                                                " is handled by another agent");
  }
  json::object empty;
  auto body = request.body.empty() ? Result<json::object>(empty) : BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  const auto respond = [&](auto result) -> std::optional<HttpResponse> {
    if (!result) {
      return Api::ErrorResponse(result.error());
    }
    json::value v;
    if constexpr (std::is_same_v<std::decay_t<decltype(result.value())>, app::Routing>) {
      v = RoutingJson(result.value());
    } else {
      v = InteractionJson(result.value());
    }
    AfterWrites(std::move(later), JsonResponse(200, v));
    return std::nullopt;
  };
  if (action == "accept") {
    return respond(center_.Accept(*id, me));
  }
  if (action == "decline") {
    return respond(center_.Decline(*id, me));
  }
  if (action == "end") {
    return respond(center_.End(*id));
  }
  if (action == "transfer") {
    const std::string queue = f.String("queue");
    const bool warm = f.Bool("warm");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    return respond(center_.Transfer(*id, queue, warm));
  }
  if (action == "wrap-up") {
    const std::string code = f.String("code");
    const std::string notes = f.String("notes");
    std::vector<std::string> cases;
    if (const auto* list = body->if_contains("cases"); list != nullptr && list->is_array()) {
      for (const auto& c : list->as_array()) {
        if (c.is_string()) {
          cases.emplace_back(c.as_string());
        }
      }
    }
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    return respond(center_.WrapUp(*id, code, notes, cases));
  }
  if (action == "cases") {
    const std::string number = f.String("case");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    return respond(center_.LinkCase(*id, number));
  }
  if (action == "messages") {
    const std::string text = f.String("text");
    if (f.error) {
      return Api::ErrorResponse(*f.error);
    }
    center_.Say(*id, "agent:" + me, text, f.String("id"),
                [later = std::move(later)](Result<app::ChatLine> line) {
                  later(line ? JsonResponse(201, LineJson(line.value(), true))
                             : Api::ErrorResponse(line.error()));
                });
    return std::nullopt;
  }
  return Api::ErrorResponse(ErrorCode::kNotFound,
                            "interactions/{id}: accept, decline, end, transfer, wrap-up, cases, "
                            "messages");
}

HttpResponse ContactApi::Stats(const cases::Actor& actor, std::string_view rest,
                               const HttpRequest& request) {
  if (!IsLead(actor)) {
    return Refuse(actor, "statistics");
  }
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  auto period = PeriodParams(p.value());
  if (!period) {
    return Api::ErrorResponse(period.error());
  }
  const auto [from, to] = period.value();
  if (rest == "stats/fcr") {
    auto counts = center_.Repeats(from, to);
    if (!counts) {
      return Api::ErrorResponse(counts.error());
    }
    const auto& c = counts.value();
    return JsonResponse(
        200,
        json::object{
            {"contacts", c.contacts},
            {"repeated", c.repeated},
            {"answered_questions", c.answered_questions},
            {"answered_questions_repeated", c.answered_questions_repeated},
            {"first_contact_resolution",
             c.contacts == 0 ? json::value(nullptr)
                             : json::value(1.0 - static_cast<double>(c.repeated) /
                                                     static_cast<double>(c.contacts))},
            {"window_days",
             std::chrono::duration_cast<std::chrono::hours>(center_.setup().repeat_window).count() /
                 24}});
  }
  if (rest != "stats/intervals") {
    return Api::ErrorResponse(ErrorCode::kNotFound, "stats: intervals, fcr");
  }
  const std::string& queue = p->Get("queue");
  if (queue.empty()) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "queue is required", "queue");
  }
  auto rows = center_.Intervals(queue, from, to);
  if (!rows) {
    return Api::ErrorResponse(rows.error());
  }
  if (p->Get("format") == "csv") {
    HttpResponse r;
    r.content_type = "text/csv; charset=utf-8";
    r.body = "queue,start,offered,answered,abandoned,service_level,speed_of_answer_s,handle_s\n";
    for (const auto& i : rows.value()) {
      r.body += i.queue + "," + FormatW3c(i.start) + "," + std::to_string(i.offered) + "," +
                std::to_string(i.answered) + "," + std::to_string(i.abandoned) + "," +
                std::to_string(i.service_level) + "," + std::to_string(i.speed_of_answer_s) + "," +
                std::to_string(i.handle_time_s) + "\n";
    }
    return r;
  }
  json::array out;
  for (const auto& i : rows.value()) {
    out.push_back(json::object{{"start", FormatW3c(i.start)},
                               {"offered", i.offered},
                               {"answered", i.answered},
                               {"abandoned", i.abandoned},
                               {"service_level", i.service_level},
                               {"average_speed_of_answer_s", i.speed_of_answer_s},
                               {"average_handle_s", i.handle_time_s}});
  }
  return JsonResponse(200, json::object{{"queue", queue}, {"intervals", std::move(out)}});
}

HttpResponse ContactApi::Staffing(const HttpRequest& request) {
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  const std::string& queue = p->Get("queue");
  const auto* setup = FindQueue(center_, queue);
  auto start = WeekStart(center_, p->Get("week"));
  if (!start) {
    return Api::ErrorResponse(start.error());
  }
  auto handle = SecondsParam(p.value(), "handle_seconds", 240, 36000);
  auto target = SecondsParam(
      p.value(), "target_seconds",
      setup != nullptr ? static_cast<double>(setup->routing.service_level_time.count()) : 20,
      86400);
  auto patience = SecondsParam(p.value(), "patience_seconds", 0, 36000);
  for (const auto* r : {&handle, &target, &patience}) {
    if (!*r) {
      return Api::ErrorResponse(r->error());
    }
  }
  const double share = setup != nullptr ? setup->routing.service_level_share : 0.8;
  auto f = ForecastFor(center_, queue, start.value(), handle.value(), target.value(), share);
  if (!f) {
    return Api::ErrorResponse(f.error());
  }
  json::array intervals;
  double agent_hours = 0;
  for (std::size_t i = 0; i < f->forecast.size(); ++i) {
    const Timestamp at = f->start + std::chrono::minutes(15) * static_cast<int>(i);
    json::object o{{"start", FormatW3c(at)},
                   {"forecast", f->forecast[i]},
                   {"agents", f->agents[i]},
                   {"service_level", f->service_level[i]}};
    if (patience.value() > 0 && f->agents[i] > 0) {
      const auto a = contact::ErlangAFor({f->forecast[i] * 4.0, handle.value()}, f->agents[i],
                                         patience.value());
      o["abandon_share"] = a.abandon_share;
    }
    agent_hours += f->agents[i] * 0.25;
    intervals.push_back(std::move(o));
  }
  return JsonResponse(
      200, json::object{{"queue", queue},
                        {"week", FormatW3c(f->start)},
                        {"method",
                         "seasonal naive with trend: each 15-minute interval of the week is the "
                         "weighted mean of the same interval in the weeks before, scaled by the "
                         "weeks' trend; agents from Erlang C for the queue's service level"},
                        {"history_weeks", f->history_weeks},
                        {"handle_seconds", handle.value()},
                        {"target_seconds", target.value()},
                        {"service_level_share", share},
                        {"agent_hours", agent_hours},
                        {"intervals", std::move(intervals)}});
}

HttpResponse ContactApi::ShiftPlan(const HttpRequest& request) {
  auto body = BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  const std::string queue = f.String("queue");
  const std::string week = f.String("week");
  const auto handle = f.Int("handle_seconds").value_or(240);
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (handle < 1 || handle > 36000) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "handle_seconds must be 1 to 36000",
                              "handle_seconds");
  }
  const auto* setup = FindQueue(center_, queue);
  auto start = WeekStart(center_, week);
  if (!start) {
    return Api::ErrorResponse(start.error());
  }
  std::vector<contact::ShiftTemplate> templates;
  const auto* list = body->if_contains("templates");
  if (list == nullptr || !list->is_array() || list->as_array().empty() ||
      list->as_array().size() > 100) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "templates: 1 to 100 shift templates {name, start \"HH:MM\", "
                              "hours, days [0-6, Monday = 0], available}",
                              "templates");
  }
  for (const auto& t : list->as_array()) {
    const auto bad = Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                        "each template is {name, start \"HH:MM\" on a quarter "
                                        "hour, hours 1-12, days, available}",
                                        "templates");
    if (!t.is_object()) {
      return bad;
    }
    Fields tf(t.as_object());
    contact::ShiftTemplate st;
    st.name = tf.String("name");
    const std::string at = tf.String("start");
    const auto hours = tf.Int("hours").value_or(8);
    st.available = static_cast<int>(tf.Int("available").value_or(1000));
    int hh = -1;
    int mm = -1;
    if (tf.error || st.name.empty() || at.size() != 5 || at[2] != ':' ||
        std::sscanf(at.c_str(), "%2d:%2d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm % 15 != 0 ||
        mm < 0 || mm > 45 || hours < 1 || hours > 12 || st.available < 0) {
      return bad;
    }
    st.start_interval = hh * 4 + mm / 15;
    st.length = static_cast<int>(hours * 4);
    if (const auto* days = t.as_object().if_contains("days")) {
      if (!days->is_array()) {
        return bad;
      }
      st.days.clear();
      for (const auto& d : days->as_array()) {
        if (!d.is_int64() || d.as_int64() < 0 || d.as_int64() > 6) {
          return bad;
        }
        st.days.push_back(static_cast<int>(d.as_int64()));
      }
    }
    templates.push_back(std::move(st));
  }
  const double target =
      setup != nullptr ? static_cast<double>(setup->routing.service_level_time.count()) : 20;
  const double share = setup != nullptr ? setup->routing.service_level_share : 0.8;
  auto fc = ForecastFor(center_, queue, start.value(), static_cast<double>(handle), target, share);
  if (!fc) {
    return Api::ErrorResponse(fc.error());
  }
  const auto plan = contact::PlanShifts(fc->agents, templates);
  HttpResponse r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = contact::ShiftPlanCsv(plan);
  r.headers.emplace_back("X-Agent-Hours", std::to_string(plan.agent_hours));
  r.headers.emplace_back("X-Short-Intervals", std::to_string(plan.short_intervals.size()));
  return r;
}

// --- Chat ---------------------------------------------------------------------------------------

std::optional<HttpResponse> ContactApi::OpenChat(const HttpRequest& request, Responder later) {
  if (request.method != "POST") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "use POST");
  }
  json::object empty;
  auto body = request.body.empty() ? Result<json::object>(empty) : BodyObject(request);
  if (!body) {
    return Api::ErrorResponse(body.error());
  }
  Fields f(body.value());
  std::string queue = f.String("queue");
  std::string language = f.String("language");
  const std::string subject = f.String("subject");
  if (f.error) {
    return Api::ErrorResponse(*f.error);
  }
  if (language != "en") {
    language = "pl";
  }
  if (queue.empty()) {
    // The first chat queue of the resident's language, or any chat queue.
    for (const auto& q : center_.setup().queues) {
      if (q.routing.channel == contact::Channel::kChat &&
          (queue.empty() || q.routing.language == language)) {
        queue = q.routing.id;
      }
    }
  }
  const auto* setup = FindQueue(center_, queue);
  if (setup == nullptr || setup->routing.channel != contact::Channel::kChat) {
    return Api::ErrorResponse(
        ErrorCode::kNotFound,
        language == "en" ? "There is no chat here." : "Czat nie jest tu dostępny.", "queue");
  }
  auto opened = center_.OpenChat(queue, language, subject.substr(0, 200));
  if (!opened) {
    return Api::ErrorResponse(opened.error());
  }
  if (opened->routing.action == "refused") {
    // Closed or too long a queue: the resident is told why, in their language.
    return Api::ErrorResponse(ErrorCode::kUnavailable, opened->routing.message);
  }
  AfterWrites(
      std::move(later),
      JsonResponse(201, json::object{{"chat", opened->interaction.id},
                                     {"key", opened->secret},
                                     {"state", "waiting"},
                                     {"waiting", opened->routing.waiting},
                                     {"socket", "/api/v1/public/chat/ws?chat=" +
                                                    std::to_string(opened->interaction.id)}}));
  return std::nullopt;
}

namespace {

// Drops a socket that sends more than it reasonably could type.
class Flood {
 public:
  bool Allow() {
    const auto now = std::chrono::steady_clock::now();
    if (now - window_ > std::chrono::seconds(10)) {
      window_ = now;
      count_ = 0;
    }
    return ++count_ <= 200;
  }

 private:
  std::chrono::steady_clock::time_point window_{};
  int count_ = 0;
};

Result<json::object> MessageObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "send a JSON object with a type");
  }
  return std::move(v.as_object());
}

// A socket that speaks JSON objects with a "type" (and an optional "id" echoed in answers).
class JsonSocket : public WsSession {
 public:
  explicit JsonSocket(std::shared_ptr<WsPeer> peer) : peer_(std::move(peer)) {}

  void OnMessage(std::string_view text) final {
    if (!flood_.Allow()) {
      peer_->Send(ErrorMessage(MakeError(ErrorCode::kResourceExhausted, "too many messages")));
      peer_->Close();
      return;
    }
    auto o = MessageObject(text);
    if (!o) {
      peer_->Send(ErrorMessage(o.error()));
      return;
    }
    Fields f(o.value());
    const std::string type = f.String("type");
    const std::string id = f.String("id");
    Handle(f, type, id);
  }

 protected:
  virtual void Handle(Fields& f, const std::string& type, const std::string& id) = 0;
  std::shared_ptr<WsPeer> peer_;

 private:
  Flood flood_;
};

class ResidentSession final : public JsonSocket {
 public:
  ResidentSession(app::ContactCenter& center, ContactHub& hub, std::int64_t chat,
                  std::shared_ptr<WsPeer> peer)
      : JsonSocket(std::move(peer)), center_(center), hub_(hub), chat_(chat) {}

  void Handle(Fields& f, const std::string& type, const std::string& id) override {
    if (type == "say") {
      // Acknowledged once it is on disk: a resend after a reconnect is safe either way.
      center_.Say(
          chat_, "resident", f.String("text"), id, [peer = peer_, id](Result<app::ChatLine> line) {
            peer->Send(line ? json::serialize(
                                  json::object{{"type", "ack"}, {"id", id}, {"seq", line->seq}})
                            : ErrorMessage(line.error(), id));
          });
    } else if (type == "typing") {
      (void)center_.Typing(chat_, "resident");
    } else if (type == "end") {
      if (auto r = center_.End(chat_); !r) {
        peer_->Send(ErrorMessage(r.error(), id));
      }
    } else {
      peer_->Send(ErrorMessage(
          MakeError(ErrorCode::kInvalidArgument, "type must be say, typing or end"), id));
    }
  }

  void OnClose() override {
    hub_.RemoveResident(chat_, peer_);
    center_.ResidentPresent(chat_, false);
  }

 private:
  app::ContactCenter& center_;
  ContactHub& hub_;
  std::int64_t chat_;
};

class AgentSession final : public JsonSocket {
 public:
  AgentSession(app::ContactCenter& center, ContactHub& hub, std::string agent,
               std::shared_ptr<WsPeer> peer)
      : JsonSocket(std::move(peer)), center_(center), hub_(hub), agent_(std::move(agent)) {}

  void Handle(Fields& f, const std::string& type, const std::string& id) override {
    const std::int64_t interaction = f.Int("interaction").value_or(0);
    const auto done = [&](Status s, json::object ok) {
      if (!s) {
        peer_->Send(ErrorMessage(s.error(), id));
        return;
      }
      ok["type"] = "ok";
      ok["id"] = id;
      center_.Flush([peer = peer_, text = json::serialize(ok)](Status written) {
        peer->Send(written ? text : ErrorMessage(written.error()));
      });
    };
    const auto routed = [&](Result<app::Routing> r) {
      done(r ? Status{} : Status{r.error()}, r ? RoutingJson(r.value()) : json::object{});
    };
    if (f.error) {
      peer_->Send(ErrorMessage(*f.error, id));
    } else if (type == "state") {
      const auto state = contact::ParseAgentState(f.String("state"));
      if (!state) {
        done(MakeError(ErrorCode::kInvalidArgument, "state must be available, break or offline"),
             {});
        return;
      }
      auto live = center_.SetState(agent_, *state, f.String("reason").substr(0, 100));
      done(live ? Status{} : Status{live.error()},
           live ? json::object{{"state", live->state}, {"reason", live->reason}} : json::object{});
    } else if (type == "accept") {
      routed(center_.Accept(interaction, agent_));
    } else if (type == "decline") {
      routed(center_.Decline(interaction, agent_));
    } else if (!center_.Handles(agent_, interaction)) {
      peer_->Send(
          ErrorMessage(MakeError(ErrorCode::kPermissionDenied,
                                 "interaction " + std::to_string(interaction) + " is not yours"),
                       id));
    } else if (type == "end") {
      routed(center_.End(interaction));
    } else if (type == "say") {
      center_.Say(interaction, "agent:" + agent_, f.String("text"), id,
                  [peer = peer_, id](Result<app::ChatLine> line) {
                    peer->Send(line ? json::serialize(json::object{
                                          {"type", "ok"}, {"id", id}, {"seq", line->seq}})
                                    : ErrorMessage(line.error(), id));
                  });
    } else if (type == "typing") {
      (void)center_.Typing(interaction, "agent:" + agent_);
    } else if (type == "transcript") {
      auto lines = center_.Transcript(interaction, f.Int("after").value_or(0));
      if (!lines) {
        peer_->Send(ErrorMessage(lines.error(), id));
        return;
      }
      for (const auto& l : lines.value()) {
        peer_->Send(json::serialize(LineJson(l, true)));
      }
    } else {
      peer_->Send(ErrorMessage(MakeError(ErrorCode::kInvalidArgument,
                                         "type must be state, accept, decline, end, say, typing "
                                         "or transcript"),
                               id));
    }
  }

  void OnClose() override {
    hub_.RemoveConsole(agent_, peer_);
    center_.ConsolePresent(agent_, false);
  }

 private:
  app::ContactCenter& center_;
  ContactHub& hub_;
  std::string agent_;
};

}  // namespace

Upgrade ContactApi::AgentSocket(const cases::Actor& actor, std::shared_ptr<WsPeer> peer) {
  const std::string agent = UsernameOf(actor);
  hub_.AddConsole(agent, IsLead(actor), peer);
  center_.ConsolePresent(agent, true);
  peer->Send(json::serialize(
      json::object{{"type", "hello"}, {"agent", agent}, {"role", cases::RoleName(actor.role)}}));
  if (IsLead(actor)) {
    peer->Send(json::serialize(SnapshotJson(center_.Live())));
  }
  return std::make_shared<AgentSession>(center_, hub_, agent, std::move(peer));
}

Upgrade ContactApi::ResidentSocket(const HttpRequest& request, std::shared_ptr<WsPeer> peer) {
  auto p = QueryOf(request);
  if (!p) {
    return Api::ErrorResponse(p.error());
  }
  // The key comes in the query: browsers cannot set headers on a WebSocket.
  const std::string key = p->Get("key");
  auto chat = center_.ChatOfSecret(key);
  if (!chat) {
    return Api::ErrorResponse(chat.error());
  }
  if (const auto& named = p->Get("chat"); !named.empty() && ParseId(named) != chat.value()) {
    return Api::ErrorResponse(ErrorCode::kUnauthenticated, "the key is not this chat's");
  }
  std::int64_t after = 0;
  if (const auto& a = p->Get("after"); !a.empty() && a != "0") {
    const auto v = ParseId(a);
    if (!v) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument, "after must be a line number",
                                "after");
    }
    after = *v;
  }
  // Register first, then replay what is on disk once the lines already written are durable:
  // nothing falls between the two (a line may come twice; the client keeps lines by number).
  hub_.AddResident(chat.value(), peer);
  center_.ResidentPresent(chat.value(), true);
  center_.Flush([this, peer, chat = chat.value(), after](Status) {
    auto lines = center_.Transcript(chat, after);
    auto record = center_.Load(chat);
    if (!lines || !record) {
      peer->Send(ErrorMessage(!lines ? lines.error() : record.error()));
      return;
    }
    for (const auto& l : lines.value()) {
      peer->Send(json::serialize(LineJson(l, false)));
    }
    peer->Send(json::serialize(json::object{{"type", "state"},
                                            {"state", ResidentState(record->state)},
                                            {"last_seq", record->last_seq}}));
  });
  return std::make_shared<ResidentSession>(center_, hub_, chat.value(), std::move(peer));
}

}  // namespace ratusz::http
