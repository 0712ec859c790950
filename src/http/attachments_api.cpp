#include "http/attachments_api.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>
#include <memory>

#include "common/text.hpp"
#include "common/time_format.hpp"
#include "http/api.hpp"
#include "http/form.hpp"
#include "http/json_response.hpp"
#include "http/query_params.hpp"

namespace ratusz::http {
namespace {

namespace json = boost::json;

json::object AttachmentJson(const cases::Attachment& a, const std::string& number,
                            const std::string& public_url) {
  const std::string base = "/api/v1/cases/" + number + "/attachments/" + std::to_string(a.id);
  json::object o{{"id", a.id},
                 {"kind", a.kind},
                 {"name", a.name},
                 {"content_type", a.content_type},
                 {"bytes", a.bytes},
                 {"sha256", a.sha256},
                 {"public", a.is_public},
                 {"uploaded_by", a.uploaded_by},
                 {"created_at", FormatW3c(a.created_at)},
                 {"url", base}};
  if (a.kind == "photo") {
    o["width"] = a.width;
    o["height"] = a.height;
    o["thumbnail_url"] = base + "/thumbnail";
  }
  if (a.is_public) {
    o["public_url"] = public_url;
  }
  return o;
}

HttpResponse FileResponse(std::string bytes, const std::string& content_type,
                          const std::string& name, bool inline_view, const char* cache) {
  HttpResponse r;
  r.status = 200;
  r.content_type = content_type;
  r.body = std::move(bytes);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Cache-Control", cache);
  r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
  r.headers.emplace_back("Content-Disposition",
                         std::string(inline_view ? "inline" : "attachment") +
                             "; filename*=UTF-8''" +
                             boost::urls::encode(name, boost::urls::unreserved_chars));
  return r;
}

}  // namespace

// The file name as shown: its last path component, printable UTF-8, at most 200 bytes.
Result<std::string> CleanFileName(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) {
    name = name.substr(slash + 1);
  }
  name = Trim(name);
  if (name.empty()) {
    return std::string("file");
  }
  if (name.size() > 200 || !IsValidUtf8(name) || HasControlChars(name)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "name must be printable text of at most 200 bytes", "name");
  }
  return std::string(name);
}

std::optional<HttpResponse> AttachmentsApi::Handle(const cases::Actor& actor,
                                                   std::string_view number, std::string_view rest,
                                                   const HttpRequest& request, Responder later) {
  if (rest.empty() && request.method == "POST") {
    return Upload(actor, number, request, std::move(later));
  }
  if (request.method != "GET") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                              "use POST to attach a file and GET to read them");
  }
  auto file = desk_.View(actor, number);  // Who may see the case may see its files.
  if (!file) {
    return Api::ErrorResponse(file.error());
  }
  const std::string& canonical = file->request.number;
  auto list = index_.ListAttachments(canonical);
  if (!list) {
    return Api::ErrorResponse(list.error());
  }
  if (rest.empty()) {
    json::array items;
    for (const auto& a : list.value()) {
      items.push_back(
          AttachmentJson(a, canonical, public_url_ + "/api/v1/public/media/" + a.sha256 + ".jpg"));
    }
    return JsonResponse(200, json::object{{"number", canonical}, {"attachments", items}});
  }
  // "/{id}" or "/{id}/thumbnail"
  std::string_view id_text = rest.substr(1);
  bool thumbnail = false;
  if (const auto slash = id_text.find('/'); slash != std::string_view::npos) {
    if (id_text.substr(slash + 1) != "thumbnail") {
      return Api::ErrorResponse(ErrorCode::kNotFound, "no such attachment resource");
    }
    thumbnail = true;
    id_text = id_text.substr(0, slash);
  }
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  const cases::Attachment* found = nullptr;
  if (ec == std::errc() && end == id_text.data() + id_text.size()) {
    for (const auto& a : list.value()) {
      if (a.id == id) {
        found = &a;
      }
    }
  }
  if (found == nullptr) {
    return Api::ErrorResponse(ErrorCode::kNotFound,
                              "case " + canonical + " has no such attachment");
  }
  if (thumbnail && found->kind != "photo") {
    return Api::ErrorResponse(ErrorCode::kNotFound, "only photos have thumbnails");
  }
  auto bytes = media_.Get(found->sha256, thumbnail);
  if (!bytes) {
    return Api::ErrorResponse(bytes.error());
  }
  return FileResponse(std::move(bytes).value(), thumbnail ? "image/jpeg" : found->content_type,
                      found->name, found->kind == "photo", "private, max-age=3600");
}

std::optional<HttpResponse> AttachmentsApi::Upload(const cases::Actor& actor,
                                                   std::string_view number,
                                                   const HttpRequest& request, Responder later) {
  Params p;
  if (auto s = ParseUrlEncoded(request.query, FormLimits{}, p); !s) {
    return Api::ErrorResponse(s.error());
  }
  std::string body = request.body;
  std::string given_name = p.Get("name");
  if (p.Has("from_contact")) {
    // A file that came with a written contact (a resident's mail, a fax) goes to the case.
    const auto contact = ParseId(p.Get("from_contact"));
    if (!contact || contacts_ == nullptr || !request.body.empty()) {
      return Api::ErrorResponse(ErrorCode::kInvalidArgument,
                                "from_contact=<contact id>&file=<sha256>, with no body",
                                "from_contact");
    }
    auto file = contacts_->FileOf(actor, *contact, p.Get("file"));
    if (!file) {
      return Api::ErrorResponse(file.error());
    }
    auto bytes = media_.Get(file->sha256, false);
    if (!bytes) {
      return Api::ErrorResponse(bytes.error());
    }
    body = std::move(bytes).value();
    if (given_name.empty()) {
      given_name = file->name;
    }
  }
  auto name = CleanFileName(given_name);
  if (!name) {
    return Api::ErrorResponse(name.error());
  }
  const std::string& shown = p.Get("public");
  if (!shown.empty() && shown != "true" && shown != "false") {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "public must be true or false",
                              "public");
  }
  const bool is_public = shown == "true";
  if (body.empty()) {
    return Api::ErrorResponse(ErrorCode::kInvalidArgument, "send the file as the request body",
                              "file");
  }
  // Refuse early, before the work on the picture, when the case is not the actor's to see.
  if (auto file = desk_.View(actor, number); !file) {
    return Api::ErrorResponse(file.error());
  }
  auto respond = std::make_shared<Responder>(std::move(later));
  run_blocking_([this, actor, number = std::string(number), name = std::move(name).value(),
                 is_public, body = std::move(body), respond] {
    auto stored = media_.Put(body, name);
    if (!stored) {
      (*respond)(Api::ErrorResponse(stored.error()));
      return;
    }
    const cases::Attachment a = app::AttachmentOf(stored.value(), name, is_public);
    const std::string url = public_url_ + "/api/v1/public/media/" + a.sha256 + ".jpg";
    const workflow::Workflow& wf = desk_.workflow();
    desk_.Act(
        actor, number, std::nullopt,
        [&wf, actor, a, url](workflow::CaseFile& f, Timestamp now) {
          return wf.Attach(f, a, url, actor, now);
        },
        [this, respond, url, sha = a.sha256](Result<workflow::CaseFile> done) {
          if (!done) {
            (*respond)(Api::ErrorResponse(done.error()));
            return;
          }
          auto list = index_.ListAttachments(done->request.number);
          if (!list) {
            (*respond)(Api::ErrorResponse(list.error()));
            return;
          }
          const auto it = std::find_if(list->rbegin(), list->rend(),
                                       [&](const cases::Attachment& x) { return x.sha256 == sha; });
          if (it == list->rend()) {
            (*respond)(Api::ErrorResponse(MakeError(ErrorCode::kInternal, "attachment not found")));
            return;
          }
          (*respond)(JsonResponse(201, AttachmentJson(*it, done->request.number, url)));
        });
  });
  return std::nullopt;
}

HttpResponse AttachmentsApi::PublicMedia(std::string_view route) {
  std::string_view name = route.substr(kPublicPrefix.size());
  bool thumbnail = false;
  constexpr std::string_view kThumb = ".thumb.jpg";
  constexpr std::string_view kJpeg = ".jpg";
  if (name.size() > kThumb.size() && name.substr(name.size() - kThumb.size()) == kThumb) {
    thumbnail = true;
    name.remove_suffix(kThumb.size());
  } else if (name.size() > kJpeg.size() && name.substr(name.size() - kJpeg.size()) == kJpeg) {
    name.remove_suffix(kJpeg.size());
  } else {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such photo");
  }
  auto shown = index_.IsPublicMedia(name);
  if (!shown) {
    return Api::ErrorResponse(shown.error());
  }
  if (!shown.value()) {
    return Api::ErrorResponse(ErrorCode::kNotFound, "no such photo");
  }
  auto bytes = media_.Get(name, thumbnail);
  if (!bytes) {
    return Api::ErrorResponse(bytes.error());
  }
  return FileResponse(std::move(bytes).value(), "image/jpeg", std::string(name) + ".jpg", true,
                      "public, max-age=31536000, immutable");
}

}  // namespace ratusz::http
