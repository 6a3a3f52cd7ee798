// Document readers: JSON Lines, plain text, HTML, Reuters-21578 SGML, directories of those.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tacitus/ingest.h"
#include "tacitus/text.h"

namespace tacitus {

namespace {

constexpr size_t kChunk = size_t{1} << 16;

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string lower_extension(const std::string& path) {
  std::string name = base_name(path);
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = name.substr(dot + 1);
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return ext;
}

InputFormat format_for_extension(const std::string& path) {
  const std::string ext = lower_extension(path);
  if (ext == "jsonl" || ext == "ndjson" || ext == "json") return InputFormat::kJsonl;
  if (ext == "html" || ext == "htm" || ext == "xhtml") return InputFormat::kHtml;
  if (ext == "sgm" || ext == "sgml") return InputFormat::kReuters;
  return InputFormat::kText;
}

// Buffered reading from a FILE*, owning it unless it is stdin.
class ByteSource {
 public:
  ByteSource(FILE* f, bool owned) : f_(f), owned_(owned), buf_(kChunk) {}
  ~ByteSource() {
    if (owned_ && f_) std::fclose(f_);
  }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  enum class Line { kOk, kTooLong, kEnd };

  // Reads the next line (without '\n') into `out`. A line longer than `max` bytes is read to its
  // end and discarded chunk by chunk, so memory stays bounded; *length gets its full length.
  Line next_line(std::string& out, size_t max, size_t* length) {
    out.clear();
    size_t total = 0;
    bool started = false, too_long = false;
    while (true) {
      if (pos_ == len_ && !fill()) {
        *length = total;
        if (!started) return Line::kEnd;
        return too_long ? Line::kTooLong : Line::kOk;
      }
      started = true;
      const char* begin = buf_.data() + pos_;
      const void* nl = std::memchr(begin, '\n', len_ - pos_);
      const size_t seg = nl ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : len_ - pos_;
      total += seg;
      if (!too_long) {
        if (out.size() + seg > max) {
          too_long = true;
          std::string().swap(out);
        } else {
          out.append(begin, seg);
        }
      }
      pos_ += seg;
      if (nl) {
        ++pos_;
        *length = total;
        return too_long ? Line::kTooLong : Line::kOk;
      }
    }
  }

  // Reads everything left; false (and out empty, *length the full size) when over `max` bytes.
  bool read_all(std::string& out, size_t max, size_t* length) {
    out.clear();
    size_t total = 0;
    bool too_long = false;
    while (pos_ < len_ || fill()) {
      const size_t seg = len_ - pos_;
      total += seg;
      if (!too_long) {
        if (out.size() + seg > max) {
          too_long = true;
          std::string().swap(out);
        } else {
          out.append(buf_.data() + pos_, seg);
        }
      }
      pos_ = len_;
    }
    *length = total;
    return !too_long;
  }

  // The first byte that is not ASCII whitespace, without consuming it; -1 at the end of input.
  int peek_nonblank() {
    while (true) {
      while (pos_ < len_) {
        const char c = buf_[pos_];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return static_cast<unsigned char>(c);
        // Keep the byte (line numbers must still count it): look further without consuming.
        size_t p = pos_;
        while (p < len_ && (buf_[p] == ' ' || buf_[p] == '\t' || buf_[p] == '\r' || buf_[p] == '\n')) ++p;
        if (p < len_) return static_cast<unsigned char>(buf_[p]);
        if (!grow()) return -1;
      }
      if (!fill()) return -1;
    }
  }

  bool error() const { return f_ && std::ferror(f_); }

 private:
  bool fill() {
    pos_ = 0;
    len_ = f_ ? std::fread(buf_.data(), 1, buf_.size(), f_) : 0;
    return len_ > 0;
  }
  // Appends more input after the unread bytes (used only by peek_nonblank on blank prefixes).
  bool grow() {
    if (!f_) return false;
    buf_.resize(len_ + kChunk);
    const size_t got = std::fread(buf_.data() + len_, 1, kChunk, f_);
    len_ += got;
    return got > 0;
  }

  FILE* f_;
  bool owned_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
};

Result<std::unique_ptr<ByteSource>> open_source(const std::string& path) {
  if (path == "-") return std::make_unique<ByteSource>(stdin, false);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IOError(path + ": " + std::strerror(err));
  }
  return std::make_unique<ByteSource>(f, true);
}

std::string size_message(size_t bytes, size_t max) {
  return "document is " + std::to_string(bytes) + " bytes, over the limit of " + std::to_string(max) +
         " bytes (max document bytes)";
}

// Shared by every reader: report a rejection, and finish a document's text.
class ReaderBase : public DocumentReader {
 public:
  explicit ReaderBase(const ReaderOptions& options, std::string input)
      : options_(options), input_(std::move(input)) {}
  Status status() const override { return status_; }
  size_t rejected() const override { return rejected_; }

 protected:
  void reject(size_t line, std::string reason) {
    ++rejected_;
    if (options_.on_reject) options_.on_reject(Rejection{input_, line, std::move(reason)});
  }

  // Checks and cleans `doc.text` (already extracted); false (after reporting) when it is unusable.
  bool finish_text(Document& doc, size_t line, const char* empty_reason = "empty text") {
    size_t offset = 0;
    if (find_invalid_utf8(doc.text, &offset)) {
      reject(line, "invalid UTF-8 at byte " + std::to_string(offset) + " of the text");
      return false;
    }
    doc.text = normalize_nfc(doc.text);
    if (options_.remove_boilerplate) doc.text = remove_boilerplate(doc.text);
    const bool blank = std::all_of(doc.text.begin(), doc.text.end(), [](char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    });
    if (blank) {
      reject(line, empty_reason);
      return false;
    }
    return true;
  }

  static void reset(Document& doc) { doc = Document(); }

  const ReaderOptions& options_;
  std::string input_;
  Status status_;
  size_t rejected_ = 0;
};

class JsonlReader final : public ReaderBase {
 public:
  JsonlReader(const ReaderOptions& options, std::string input, std::unique_ptr<ByteSource> src)
      : ReaderBase(options, std::move(input)), src_(std::move(src)) {}

  bool next(Document& out) override {
    while (true) {
      size_t length = 0;
      const auto got = src_->next_line(line_, options_.max_document_bytes, &length);
      if (got == ByteSource::Line::kEnd) {
        if (src_->error()) status_ = Status::IOError(input_ + ": read failed");
        return false;
      }
      ++line_no_;
      if (got == ByteSource::Line::kTooLong) {
        reject(line_no_, size_message(length, options_.max_document_bytes));
        continue;
      }
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      if (std::all_of(line_.begin(), line_.end(), [](char c) { return c == ' ' || c == '\t'; }))
        continue;  // blank lines separate nothing and are not records
      if (parse(out)) return true;
    }
  }

 private:
  // A string member: absent or null leaves `out` untouched; another JSON type is an error.
  bool string_field(const nlohmann::json& j, const char* key, std::string* out, bool* present) {
    *present = false;
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return true;
    if (!it->is_string()) {
      reject(line_no_, std::string("field `") + key + "` must be a string");
      return false;
    }
    *out = it->get<std::string>();
    *present = true;
    return true;
  }

  bool parse(Document& out) {
    size_t offset = 0;
    if (find_invalid_utf8(line_, &offset)) {
      reject(line_no_, "invalid UTF-8 at byte " + std::to_string(offset) + " of the line");
      return false;
    }
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line_);
    } catch (const nlohmann::json::exception& e) {
      std::string what = e.what();
      // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
      if (const size_t close = what.find("] "); what.rfind("[json.exception", 0) == 0 && close != std::string::npos)
        what = what.substr(close + 2);
      reject(line_no_, "invalid JSON: " + what);
      return false;
    }
    if (!j.is_object()) {
      reject(line_no_, "not a JSON object");
      return false;
    }
    reset(out);
    bool present = false;
    auto id = j.find("id");
    if (id == j.end() || id->is_null()) {
      reject(line_no_, "missing field `id`");
      return false;
    }
    if (!id->is_string()) {
      reject(line_no_, "field `id` must be a string");
      return false;
    }
    out.id = id->get<std::string>();
    if (out.id.empty()) {
      reject(line_no_, "field `id` is empty");
      return false;
    }
    std::string text, html, date;
    bool has_text = false, has_html = false, has_date = false;
    if (!string_field(j, "text", &text, &has_text) || !string_field(j, "html", &html, &has_html) ||
        !string_field(j, "date", &date, &has_date) || !string_field(j, "source", &out.source, &present) ||
        !string_field(j, "url", &out.url, &present) || !string_field(j, "title", &out.title, &present))
      return false;
    if (!has_text && !has_html) {
      reject(line_no_, "missing field `text` or `html`");
      return false;
    }
    if (has_date) {
      auto iso = parse_publication_date(date);
      if (!iso) {
        reject(line_no_, "field `date`: cannot read '" + date.substr(0, 64) + "' as a date");
        return false;
      }
      out.date = std::move(iso);
    } else {
      out.date = options_.default_date;
    }
    const char* empty_reason = "empty text";
    if (has_text) {
      out.text = std::move(text);
    } else {
      ExtractedArticle article = extract_article(html);
      if (!article.problem.empty()) {
        reject(line_no_, "field `html`: " + article.problem);
        return false;
      }
      out.text = std::move(article.text);
      if (out.title.empty()) out.title = std::move(article.title);
      empty_reason = "no article text found in `html`";
    }
    return finish_text(out, line_no_, empty_reason);
  }

  std::unique_ptr<ByteSource> src_;
  std::string line_;
  size_t line_no_ = 0;
};

// A plain-text first line that is a headline: short, no final stop, followed by a blank line.
std::string headline_of(const std::string& text) {
  const size_t nl = text.find('\n');
  if (nl == std::string::npos || nl == 0 || nl > 300) return "";
  size_t next = nl + 1;
  if (next < text.size() && text[next] == '\r') ++next;
  if (next >= text.size() || text[next] != '\n') {
    // Allow "\r\n\r\n".
    if (!(next + 1 < text.size() && text[next] == '\r' && text[next + 1] == '\n')) return "";
  }
  std::string line = text.substr(0, nl);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty() || line.back() == '.' || line.back() == ',' || line.back() == ';') return "";
  return line;
}

// One document per file: plain text or HTML.
class WholeFileReader final : public ReaderBase {
 public:
  WholeFileReader(const ReaderOptions& options, std::string input, std::unique_ptr<ByteSource> src,
                  bool html)
      : ReaderBase(options, std::move(input)), src_(std::move(src)), html_(html) {}

  bool next(Document& out) override {
    if (done_) return false;
    done_ = true;
    std::string bytes;
    size_t length = 0;
    const bool fits = src_->read_all(bytes, options_.max_document_bytes, &length);
    if (src_->error()) {
      status_ = Status::IOError(input_ + ": read failed");
      return false;
    }
    if (!fits) {
      reject(0, size_message(length, options_.max_document_bytes));
      return false;
    }
    reset(out);
    out.id = input_ == "-" ? "stdin" : base_name(input_);
    out.date = options_.default_date;
    if (html_) {
      ExtractedArticle article = extract_article(bytes);
      if (!article.problem.empty()) {
        reject(0, article.problem);
        return false;
      }
      out.text = std::move(article.text);
      out.title = std::move(article.title);
      return finish_text(out, 0, "no article text found in the HTML");
    }
    out.text = std::move(bytes);
    if (!finish_text(out, 0)) return false;
    out.title = headline_of(out.text);
    return true;
  }

 private:
  std::unique_ptr<ByteSource> src_;
  bool html_;
  bool done_ = false;
};

// SGML character references of Reuters-21578 (&lt; &amp; &#3; ...). Control characters other
// than tab and newline (the corpus's &#2;/&#3; markers) are dropped.
std::string decode_sgml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '&') {
      const size_t semi = s.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8) {
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        int code = -1;
        if (name == "lt") code = '<';
        else if (name == "gt") code = '>';
        else if (name == "amp") code = '&';
        else if (name == "quot") code = '"';
        else if (name == "apos") code = '\'';
        else if (name.size() > 1 && name[0] == '#' &&
                 std::all_of(name.begin() + 1, name.end(), [](char d) { return d >= '0' && d <= '9'; }))
          code = std::atoi(std::string(name.substr(1)).c_str());
        if (code >= 0) {
          if (code >= 0x20 || code == '\n' || code == '\t') {
            if (code < 0x80) out.push_back(static_cast<char>(code));
            else out.push_back('?');
          }
          i = semi;
          continue;
        }
      }
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') continue;
    out.push_back(c);
  }
  return out;
}

// The corpus is 1987 ASCII with a few stray Latin-1 bytes; read those as Latin-1.
std::string latin1_to_utf8_if_invalid(std::string s) {
  if (!find_invalid_utf8(s, nullptr)) return s;
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

// Joins the corpus's hard-wrapped lines: an indented line starts a paragraph, a line with a run of
// spaces inside is a table row and stays on its own.
std::string reflow(std::string_view body) {
  std::string out;
  size_t i = 0;
  bool last_was_row = false;
  while (i < body.size()) {
    size_t nl = body.find('\n', i);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view line = body.substr(i, nl - i);
    i = nl + 1;
    const bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    const bool row = line.find("   ") != std::string_view::npos;
    if (!out.empty()) out += (indented || row || last_was_row) ? "\n" : " ";
    out.append(line);
    last_was_row = row;
  }
  return out;
}

std::string_view element_text(std::string_view record, std::string_view tag) {
  const std::string open = "<" + std::string(tag);
  size_t s = record.find(open);
  if (s == std::string_view::npos) return {};
  s = record.find('>', s);
  if (s == std::string_view::npos) return {};
  ++s;
  const size_t e = record.find("</" + std::string(tag) + ">", s);
  if (e == std::string_view::npos) return record.substr(s);
  return record.substr(s, e - s);
}

class ReutersReader final : public ReaderBase {
 public:
  ReutersReader(const ReaderOptions& options, std::string input, std::unique_ptr<ByteSource> src)
      : ReaderBase(options, std::move(input)), src_(std::move(src)) {}

  bool next(Document& out) override {
    if (!loaded_) {
      loaded_ = true;
      size_t length = 0;
      // A corpus file holds ~1,000 records; it is read whole (bounded by 64x the document limit).
      if (!src_->read_all(data_, options_.max_document_bytes * 64, &length)) {
        reject(0, "file is " + std::to_string(length) + " bytes, too large for a Reuters SGML file");
        return false;
      }
      if (src_->error()) {
        status_ = Status::IOError(input_ + ": read failed");
        return false;
      }
    }
    while (true) {
      const size_t start = data_.find("<REUTERS", pos_);
      if (start == std::string::npos) return false;
      line_no_ += static_cast<size_t>(std::count(data_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                 data_.begin() + static_cast<std::ptrdiff_t>(start), '\n'));
      size_t end = data_.find("</REUTERS>", start);
      end = end == std::string::npos ? data_.size() : end + 10;
      const std::string_view record(data_.data() + start, end - start);
      const size_t record_line = line_no_;
      line_no_ += static_cast<size_t>(std::count(record.begin(), record.end(), '\n'));
      pos_ = end;
      if (parse(record, record_line, out)) return true;
    }
  }

 private:
  bool parse(std::string_view record, size_t line, Document& out) {
    const std::string_view body_raw = element_text(record, "BODY");
    if (body_raw.empty()) return false;  // headline-only records are not documents
    reset(out);
    const size_t id_at = record.find("NEWID=\"");
    if (id_at != std::string_view::npos) {
      const size_t s = id_at + 7, e = record.find('"', s);
      out.id = std::string(record.substr(s, e - s));
    }
    if (out.id.empty()) {
      reject(line, "<REUTERS> without NEWID");
      return false;
    }
    if (body_raw.size() > options_.max_document_bytes) {
      reject(line, size_message(body_raw.size(), options_.max_document_bytes));
      return false;
    }
    const std::string date_text = decode_sgml(element_text(record, "DATE"));
    if (auto iso = parse_publication_date(date_text)) {
      out.date = std::move(iso);
    } else if (!date_text.empty()) {
      reject(line, "<DATE>: cannot read '" + date_text.substr(0, 64) + "' as a date");
      return false;
    } else {
      out.date = options_.default_date;
    }
    out.title = reflow(latin1_to_utf8_if_invalid(decode_sgml(element_text(record, "TITLE"))));
    std::string body = latin1_to_utf8_if_invalid(decode_sgml(body_raw));
    // Drop the wire signature that closes every story.
    {
      size_t e = body.size();
      while (e > 0 && (body[e - 1] == ' ' || body[e - 1] == '\n' || body[e - 1] == '\r')) --e;
      for (std::string_view sig : {"Reuter", "REUTER"}) {
        if (e >= sig.size() && std::string_view(body).substr(e - sig.size(), sig.size()) == sig) {
          e -= sig.size();
          break;
        }
      }
      body.resize(e);
    }
    std::string dateline = reflow(latin1_to_utf8_if_invalid(decode_sgml(element_text(record, "DATELINE"))));
    out.text = dateline.empty() ? reflow(body) : dateline + " " + reflow(body);
    out.source = "Reuters";
    return finish_text(out, line);
  }

  std::unique_ptr<ByteSource> src_;
  bool loaded_ = false;
  std::string data_;
  size_t pos_ = 0;
  size_t line_no_ = 1;
};

Result<std::unique_ptr<DocumentReader>> open_one(const ReaderOptions& options, const std::string& path,
                                                 InputFormat format) {
  auto src = open_source(path);
  if (!src.ok()) return src.status();
  if (format == InputFormat::kAuto) {
    if (path == "-") {
      const int c = (*src)->peek_nonblank();
      format = c == '{' ? InputFormat::kJsonl : c == '<' ? InputFormat::kHtml : InputFormat::kText;
    } else {
      format = format_for_extension(path);
    }
  }
  std::unique_ptr<DocumentReader> reader;
  switch (format) {
    case InputFormat::kJsonl:
      reader = std::make_unique<JsonlReader>(options, path, std::move(*src));
      break;
    case InputFormat::kReuters:
      reader = std::make_unique<ReutersReader>(options, path, std::move(*src));
      break;
    case InputFormat::kHtml:
    case InputFormat::kText:
    case InputFormat::kAuto:
      reader = std::make_unique<WholeFileReader>(options, path, std::move(*src), format == InputFormat::kHtml);
      break;
  }
  return reader;
}

// The regular files of a directory, in name order, each read by its own format.
class DirectoryReader final : public DocumentReader {
 public:
  DirectoryReader(const ReaderOptions& options, std::vector<std::string> files)
      : options_(options), files_(std::move(files)) {}

  bool next(Document& out) override {
    while (true) {
      if (current_ && current_->next(out)) return true;
      if (current_) {
        rejected_before_ += current_->rejected();
        if (!current_->status().ok()) {
          status_ = current_->status();
          current_.reset();
          return false;
        }
        current_.reset();
      }
      if (index_ >= files_.size()) return false;
      auto r = open_one(options_, files_[index_++], options_.format);
      if (!r.ok()) {
        status_ = r.status();
        return false;
      }
      current_ = std::move(*r);
    }
  }
  Status status() const override { return status_; }
  size_t rejected() const override { return rejected_before_ + (current_ ? current_->rejected() : 0); }

 private:
  const ReaderOptions& options_;
  std::vector<std::string> files_;
  size_t index_ = 0;
  std::unique_ptr<DocumentReader> current_;
  Status status_;
  size_t rejected_before_ = 0;
};

// Owns a copy of the options so the reader outlives the caller's struct.
template <class R>
class OwningReader final : public DocumentReader {
 public:
  explicit OwningReader(ReaderOptions options) : options_(std::move(options)) {}
  Status init() {
    if (options_.path != "-") {
      std::error_code ec;
      const auto st = std::filesystem::status(options_.path, ec);
      if (ec || !std::filesystem::exists(st)) return Status::NotFound(options_.path + ": no such file or directory");
      if (std::filesystem::is_directory(st)) {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(options_.path, ec)) {
          const std::string name = entry.path().filename().string();
          if (!name.empty() && name[0] != '.' && entry.is_regular_file(ec)) files.push_back(entry.path().string());
        }
        if (ec) return Status::IOError(options_.path + ": " + ec.message());
        std::sort(files.begin(), files.end());
        inner_ = std::make_unique<DirectoryReader>(options_, std::move(files));
        return Status::Ok();
      }
    }
    auto r = open_one(options_, options_.path, options_.format);
    if (!r.ok()) return r.status();
    inner_ = std::move(*r);
    return Status::Ok();
  }
  bool next(Document& out) override { return inner_->next(out); }
  Status status() const override { return inner_->status(); }
  size_t rejected() const override { return inner_->rejected(); }

 private:
  ReaderOptions options_;
  std::unique_ptr<DocumentReader> inner_;
};

}  // namespace

Result<std::unique_ptr<DocumentReader>> open_reader(const ReaderOptions& options) {
  ReaderOptions copy = options;
  if (copy.default_date) {
    auto iso = parse_publication_date(*copy.default_date);
    if (!iso) return Status::InvalidInput("default date '" + *copy.default_date + "' is not a date");
    copy.default_date = std::move(iso);
  }
  if (copy.max_document_bytes == 0) return Status::InvalidInput("max document bytes must be positive");
  auto reader = std::make_unique<OwningReader<void>>(std::move(copy));
  TACITUS_RETURN_IF_ERROR(reader->init());
  return std::unique_ptr<DocumentReader>(std::move(reader));
}

namespace {

class ChainedReader final : public DocumentReader {
 public:
  ChainedReader(std::vector<std::string> paths, ReaderOptions options,
                std::function<void(const Status&)> on_input_error)
      : paths_(std::move(paths)), options_(std::move(options)), on_error_(std::move(on_input_error)) {}

  bool next(Document& out) override {
    while (true) {
      if (reader_ && reader_->next(out)) return true;
      close_current();
      if (next_path_ == paths_.size()) return false;
      options_.path = paths_[next_path_++];
      auto opened = open_reader(options_);
      if (opened.ok()) reader_ = std::move(opened).value();
      else fail(opened.status());
    }
  }
  Status status() const override { return first_error_; }
  size_t rejected() const override { return rejected_before_ + (reader_ ? reader_->rejected() : 0); }

 private:
  void close_current() {
    if (!reader_) return;
    rejected_before_ += reader_->rejected();
    if (Status s = reader_->status(); !s.ok()) fail(s);
    reader_.reset();
  }
  void fail(const Status& error) {
    // The message names the input, whichever reader produced it.
    const std::string& path = options_.path;
    Status s = error;
    if (!error.message().starts_with(path + ":"))
      s = error.code() == Status::Code::kNotFound ? Status::NotFound(path + ": " + error.message())
                                                  : Status::IOError(path + ": " + error.message());
    if (first_error_.ok()) first_error_ = s;
    if (on_error_) on_error_(s);
  }

  std::vector<std::string> paths_;
  ReaderOptions options_;
  std::function<void(const Status&)> on_error_;
  std::unique_ptr<DocumentReader> reader_;
  size_t next_path_ = 0, rejected_before_ = 0;
  Status first_error_;
};

}  // namespace

std::unique_ptr<DocumentReader> open_inputs(
    std::vector<std::string> paths, ReaderOptions options,
    std::function<void(const Status& error)> on_input_error) {
  return std::make_unique<ChainedReader>(std::move(paths), std::move(options), std::move(on_input_error));
}

}  // namespace tacitus
