#include "http/static_files.hpp"

#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

namespace ratusz::http {
namespace {

namespace fs = std::filesystem;

std::string_view ContentType(std::string_view extension) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (ext == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

bool Accepts(const HttpRequest& request, std::string_view encoding) {
  const std::string* header = request.Header("accept-encoding");
  return header != nullptr && header->find(encoding) != std::string::npos;
}

std::optional<std::string> ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return std::move(s).str();
}

}  // namespace

StaticFiles::StaticFiles(std::string root) {
  std::error_code ec;
  if (root.empty() || !fs::is_directory(root, ec)) {
    return;
  }
  root_ = fs::canonical(root, ec);
  enabled_ = !ec && fs::is_regular_file(root_ / "index.html", ec);
}

std::optional<HttpResponse> StaticFiles::Serve(const HttpRequest& request) const {
  if (!enabled_ || request.method != "GET") {
    return std::nullopt;
  }
  const std::string& path = request.path;
  if (path.empty() || path[0] != '/' || path.find("..") != std::string::npos ||
      path.find('\\') != std::string::npos || path.find('\0') != std::string::npos ||
      path.size() > 1024) {
    return std::nullopt;
  }
  std::string relative = path.substr(1);
  if (relative.empty() || relative.back() == '/') {
    relative += "index.html";
  }
  const fs::path candidate = root_ / relative;
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(candidate, ec);
  const auto inside = [&] {
    const std::string r = resolved.string();
    const std::string base = root_.string() + "/";
    return !ec && r.compare(0, base.size(), base) == 0;
  };
  if (inside() && fs::is_regular_file(resolved, ec)) {
    return File(request, resolved, relative);
  }
  // A page of the single-page application: no extension in its last segment.
  const auto last = relative.substr(relative.rfind('/') + 1);
  if (last.find('.') == std::string::npos) {
    return File(request, root_ / "index.html", "index.html");
  }
  return std::nullopt;
}

std::optional<HttpResponse> StaticFiles::File(const HttpRequest& request, const fs::path& path,
                                              const std::string& relative) const {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  const auto modified = fs::last_write_time(path, ec).time_since_epoch().count();
  if (ec) {
    return std::nullopt;
  }
  HttpResponse r;
  r.content_type = std::string(ContentType(path.extension().string()));
  fs::path sent = path;
  const fs::path gzipped = path.string() + ".gz";
  const bool gzip = Accepts(request, "gzip") && fs::is_regular_file(gzipped, ec);
  if (gzip) {
    sent = gzipped;
    r.headers.emplace_back("Content-Encoding", "gzip");
  }
  r.headers.emplace_back("Vary", "Accept-Encoding");
  const std::string etag =
      "\"" + std::to_string(size) + "-" + std::to_string(modified) + (gzip ? "-gz" : "") + "\"";
  r.headers.emplace_back("ETag", etag);
  const bool hashed = relative.rfind("assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control",
                         hashed ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (relative == "index.html") {
    // The portal loads its own scripts and styles and talks to this server only; tiles come
    // from the configured map server (https), photos are blobs and data: URLs.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' https: data: blob:; "
                           "connect-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "frame-ancestors 'none'; base-uri 'self'");
  }
  if (const std::string* match = request.Header("if-none-match"); match && *match == etag) {
    r.status = 304;
    return r;
  }
  auto body = ReadAll(sent);
  if (!body) {
    return std::nullopt;
  }
  r.status = 200;
  r.body = std::move(body).value();
  return r;
}

}  // namespace ratusz::http
