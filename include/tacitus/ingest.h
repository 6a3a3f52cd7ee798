// The ingest stage: readers that turn input files (JSON Lines, plain text, HTML, Reuters-21578
// SGML) into Documents, article-body extraction from HTML, and removal of boilerplate lines.
// docs/input.md lists the formats and the rejection rules.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/status.h"

namespace tacitus {

// One input record that was skipped, and why. Readers report every skipped record; none is
// dropped silently.
struct Rejection {
  std::string input;   // file name, or "-" for stdin
  size_t line = 0;     // 1-based line where the record starts; 0 = the whole file
  std::string reason;  // "invalid JSON: ...", "missing field `id`", "invalid UTF-8 at byte 12", ...
};

enum class InputFormat { kAuto, kText, kJsonl, kHtml, kReuters };

// "auto", "text", "jsonl", "html", "reuters" -> the format; nullopt for anything else.
std::optional<InputFormat> parse_input_format(std::string_view name);

struct ReaderOptions {
  // A file, a directory (its regular files, sorted by name, each read by its own extension) or
  // "-" for stdin.
  std::string path = "-";
  // kAuto: .jsonl/.ndjson/.json -> JSON Lines, .html/.htm -> HTML, .sgm/.sgml -> Reuters, anything
  // else -> plain text. On stdin, auto looks at the first non-blank byte: '{' -> JSON Lines,
  // '<' -> HTML, else plain text.
  InputFormat format = InputFormat::kAuto;
  // Publication date for documents that carry none (plain text, HTML, JSON lines without `date`).
  // Any form parse_publication_date accepts; open_reader normalises it (and fails on others).
  std::optional<std::string> default_date;
  // Largest record accepted, in bytes (a JSON line, a whole .txt/.html file, a Reuters body).
  // Longer records are rejected; a JSON line is read and discarded in chunks, never held whole.
  size_t max_document_bytes = size_t{8} << 20;
  // Drop promotional and navigation lines (remove_boilerplate) from the extracted text.
  bool remove_boilerplate = true;
  // Called once per skipped record; may be empty (rejections are then only counted).
  std::function<void(const Rejection&)> on_reject;
};

// Produces Documents one at a time. Not thread-safe; one reader per input.
class DocumentReader {
 public:
  virtual ~DocumentReader() = default;
  // Fills `out` (replacing all its fields) with the next accepted document and returns true;
  // returns false at the end of input or after an I/O error (see status()). Rejected records
  // are reported through ReaderOptions::on_reject and skipped.
  virtual bool next(Document& out) = 0;
  // OK, or the I/O error that ended reading early.
  virtual Status status() const = 0;
  // How many records were rejected so far.
  virtual size_t rejected() const = 0;
};

// Opens the input named by options.path. NotFound when the path does not exist, InvalidInput when
// options.default_date is not an ISO date.
Result<std::unique_ptr<DocumentReader>> open_reader(const ReaderOptions& options);

// Reads several inputs in turn as one stream (the FILE... arguments of the commands), each opened
// with `options` but its own path. An input that cannot be opened, or whose reading ends on an I/O
// error, is reported through `on_input_error` (may be empty; the error's message starts with the
// path) and skipped; the others are still read. status() is the first such error; rejected()
// counts over all inputs.
std::unique_ptr<DocumentReader> open_inputs(
    std::vector<std::string> paths, ReaderOptions options,
    std::function<void(const Status& error)> on_input_error);

// Normalises a publication date to "YYYY-MM-DD". Accepts ISO dates and date-times
// ("2020-03-17", "2020-03-17T10:00:00Z", "2020-03-17 10:00"), "20200317", "2020/03/17",
// RFC 2822 ("Tue, 17 Mar 2020 10:00:00 GMT"), "17 March 2020", "March 17, 2020" and Reuters
// "26-FEB-1987 15:01:01.79". The time part is dropped (no time-zone shift). nullopt when the
// text is not one of these or names an impossible day.
std::optional<std::string> parse_publication_date(std::string_view text);

// The readable article in an HTML page, from a real HTML5 parse (gumbo).
struct ExtractedArticle {
  std::string title;  // first <h1>, else <title>; empty when neither
  std::string text;   // the title line (when an <h1> exists) then one line per paragraph, "\n"-joined
  // Why the page was not read (title and text then empty); empty when it was.
  std::string problem;
};

// The deepest element nesting extract_article reads. An HTML5 parse costs time in proportion to
// depth times tags, and the tree is walked recursively, so deeper pages (no real article nests
// this deep; browsers flatten past 512) are refused rather than parsed.
inline constexpr size_t kMaxHtmlDepth = 512;

// The byte offset of the start tag at which `html`'s element nesting first exceeds `limit`,
// counting start tags against end tags (elements that need no end tag, self-closing tags,
// comments and the contents of script, style, textarea, title and xmp do not count); nullopt when
// it never does. Linear in the size of `html`.
std::optional<size_t> html_nesting_overflow(std::string_view html, size_t limit);

// Keeps headings, paragraphs, block quotes, list items and preformatted blocks of the main
// content (the <article> with the most paragraph text, else <main>, else <body>); drops nav,
// header, footer, aside, scripts, styles, forms, figures, elements whose class/id/role marks
// them as share, comment, related, promo, cookie or ad widgets, and link-dense blocks.
// Whitespace inside a block collapses to single spaces. Malformed HTML is repaired as browsers
// do; only a page nested deeper than kMaxHtmlDepth is refused (`problem` says where).
// Boilerplate lines are NOT removed here (see remove_boilerplate).
ExtractedArticle extract_article(std::string_view html);

// True when `line` (one line of article text, without its newline) is promotional or navigation
// boilerplate: calls to action ("SUBSCRIBE ...", "Read more: ...", "Follow us on Twitter",
// "SUPPORT OUR ... @HANDLE"), "Advertisement", "Share this article", cookie notices, copyright
// lines, short lines made of links or handles. News sentences and headlines are kept.
bool is_boilerplate_line(std::string_view line);

// `text` without its boilerplate lines; runs of blank lines collapse to one, and leading and
// trailing blank lines are trimmed. Lines that are kept are unchanged but for a trailing '\r'.
std::string remove_boilerplate(std::string_view text);

}  // namespace tacitus
