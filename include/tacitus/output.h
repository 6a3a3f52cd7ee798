// Event sinks: the coded events of a Document written as JSON Lines (the event record of
// EVENT_SCHEMA.md), CSV, the GDELT 2.0 Events layout or the ACLED export layout, and the whole
// annotated Document as one JSON object (`tacitus annotate`).
//
// Writers are not thread-safe; the pipeline hands them finished documents in input order on one
// thread. Every text field is written as valid UTF-8: bytes that are not UTF-8 become U+FFFD, so
// one bad article cannot make the output unreadable.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tacitus/document.h"
#include "tacitus/status.h"

namespace tacitus {

enum class EventFormat : uint8_t { kJsonl, kCsv, kGdelt, kAcled };

// "jsonl" (also "json"), "csv", "gdelt", "acled" -> the format; anything else is InvalidInput
// naming the accepted values.
Result<EventFormat> parse_event_format(std::string_view name);

struct WriterOptions {
  // Write a header row first (csv, gdelt, acled; ignored for jsonl). GDELT's own files have no
  // header; pass false for tools that expect exactly that.
  bool header = true;
};

class EventWriter {
 public:
  virtual ~EventWriter() = default;
  // Writes the events of `doc` in document order. Returns how many rows were written (the ACLED
  // layout skips events without an ACLED type). Never fails; stream errors show in the stream.
  virtual size_t write(const Document& doc) = 0;
};

// A writer for `format` on `out`, which must outlive it. The header row, when the format has one,
// is written at once, so an input without events still yields a well-formed file.
std::unique_ptr<EventWriter> make_event_writer(EventFormat format, std::ostream& out,
                                               const WriterOptions& options = {});

// The column names of the csv, gdelt (61 columns) and acled layouts, in order; empty for jsonl.
const std::vector<std::string_view>& event_columns(EventFormat format);

// "<doc_id>:<sentence_index>:<k>", k = the position of event `index` among the events of its
// sentence. `index` must be < doc.events.size().
std::string event_id(const Document& doc, size_t index);

// The event record of doc.events[index] as one line of JSON (no trailing newline), with exactly
// the fields and nesting of EVENT_SCHEMA.md and `null` for what is unknown.
std::string event_json(const Document& doc, size_t index);

// Every annotation layer of `doc` as one JSON object (no trailing newline): id, date, source, url,
// title, text, sentences, tokens, entities, actors, places and events (the records of
// event_json).
std::string annotation_json(const Document& doc);

// ACLED's actor class ("inter" code, 1-8) of an event's actor from its CAMEO code and sectors:
// 1 state forces (MIL/GOV/COP/SPY/JUD/LEG of a state), 2 rebels (REB/INS/SEP, IMG groups),
// 3 political militias (UAF, CRM gangs), 5 rioters and 6 protesters (by the ACLED event type,
// or OPP), 7 civilians (CVL, EDU, MED, LAB ... roles), 8 external/other (IGO, NGO, MNC, uncoded).
// 4 (identity militias) is never produced: CAMEO codes do not tell them apart. A missing actor is
// 0, except the implied protesters (6) or rioters (5) of a Protests or Riots event.
int acled_inter_code(const EventActor* actor, std::string_view acled_event_type);

// Text escaping shared by the writers, exposed for tests and for other sinks.
// Appends `s` as a JSON string literal (quotes included): control characters as \uXXXX (or \n, \t
// ...), invalid UTF-8 as U+FFFD.
void append_json_string(std::string& out, std::string_view s);
// Appends `s` as one RFC 4180 CSV field: quoted (with doubled quotes) when it holds a comma, a
// quote, CR or LF, or starts/ends with a space.
void append_csv_field(std::string& out, std::string_view s);
// Appends `s` as one tab-separated field: tabs, CR and LF become spaces (TSV has no quoting).
void append_tsv_field(std::string& out, std::string_view s);

}  // namespace tacitus
