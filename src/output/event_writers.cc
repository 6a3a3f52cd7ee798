// The event writers: JSON Lines, CSV, GDELT 2.0 Events and ACLED layouts.
#include <algorithm>
#include <cctype>
#include <string>

#include "output/text_format.h"
#include "tacitus/output.h"

namespace tacitus {

namespace output_internal {
size_t append_event_lines(std::string& out, const Document& doc);  // event_record.cc
}  // namespace output_internal

using output_internal::append_int;
using output_internal::append_number;
using output_internal::DateParts;
using output_internal::parse_iso_date;

namespace {

const std::vector<std::string_view> kCsvColumns = {
    "schema", "event_id", "doc_id", "sentence_index", "sentence", "trigger_text", "trigger_start",
    "trigger_end", "cameo", "cameo_root", "goldstein", "quad_class", "plover_event", "plover_mode",
    "plover_context", "acled_event_type", "acled_sub_event_type", "source_text", "source_code",
    "source_country", "source_sector", "source_start", "source_end", "target_text", "target_code",
    "target_country", "target_sector", "target_start", "target_end", "date", "date_text",
    "date_precision", "location_text", "location_name", "location_geonames_id", "location_lat",
    "location_lon", "location_country", "location_admin1", "location_precision", "fatalities",
    "injuries", "negated", "modality", "attribution_text", "attribution_start", "attribution_end",
    "tone", "confidence"};

// GDELT 2.0 Events codebook, 61 columns.
const std::vector<std::string_view> kGdeltColumns = {
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL"};

const std::vector<std::string_view> kAcledColumns = {
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp"};

const std::vector<std::string_view> kNoColumns;

std::string_view sentence_of(const Document& doc, uint32_t index) {
  if (index >= doc.sentences.size()) return {};
  const Sentence& s = doc.sentences[index];
  if (s.start > s.stop || s.stop > doc.text.size()) return {};
  return std::string_view(doc.text).substr(s.start, s.stop - s.start);
}

std::string join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out.push_back(sep);
    out += items[i];
  }
  return out;
}

std::string number_text(double v, int decimals) {
  std::string s;
  append_number(s, v, decimals, false, "");
  return s;
}

// The k of each event: its position among the events of its sentence.
std::vector<uint32_t> ordinals(const Document& doc) {
  std::vector<uint32_t> k(doc.events.size());
  std::vector<std::pair<uint32_t, uint32_t>> seen;  // (sentence, count); documents are small
  for (size_t i = 0; i < doc.events.size(); ++i) {
    uint32_t s = doc.events[i].sentence_index;
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == s; });
    if (it == seen.end()) {
      seen.emplace_back(s, 1);
      k[i] = 0;
    } else {
      k[i] = it->second++;
    }
  }
  return k;
}

std::string make_event_id(const Document& doc, const Event& ev, uint32_t k) {
  return doc.id + ":" + std::to_string(ev.sentence_index) + ":" + std::to_string(k);
}

class JsonlWriter : public EventWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  size_t write(const Document& doc) override {
    buf_.clear();
    size_t n = output_internal::append_event_lines(buf_, doc);
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    return n;
  }

 private:
  std::ostream& out_;
  std::string buf_;
};

// Writes rows of fields with one separator and one field escaper (CSV or TSV).
class RowBuilder {
 public:
  RowBuilder(std::string& out, char sep, bool csv) : out_(out), sep_(sep), csv_(csv) {}
  void field(std::string_view v) {
    if (n_++) out_.push_back(sep_);
    if (csv_) {
      append_csv_field(out_, v);
    } else {
      append_tsv_field(out_, v);
    }
  }
  void integer(long long v) { field(std::to_string(v)); }
  template <class T>
  void optional_int(const std::optional<T>& v) {
    if (v) {
      integer(*v);
    } else {
      field("");
    }
  }
  void end() {
    out_ += csv_ ? "\r\n" : "\n";
    n_ = 0;
  }

 private:
  std::string& out_;
  char sep_;
  bool csv_;
  size_t n_ = 0;
};

void write_header(std::ostream& out, const std::vector<std::string_view>& columns, char sep,
                  bool csv) {
  std::string line;
  RowBuilder row(line, sep, csv);
  for (auto c : columns) row.field(c);
  row.end();
  out << line;
}

class CsvWriter : public EventWriter {
 public:
  CsvWriter(std::ostream& out, const WriterOptions& options) : out_(out) {
    if (options.header) write_header(out_, kCsvColumns, ',', true);
  }
  size_t write(const Document& doc) override {
    buf_.clear();
    std::vector<uint32_t> k = ordinals(doc);
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& ev = doc.events[i];
      RowBuilder r(buf_, ',', true);
      r.integer(1);
      r.field(make_event_id(doc, ev, k[i]));
      r.field(doc.id);
      r.integer(ev.sentence_index);
      r.field(sentence_of(doc, ev.sentence_index));
      r.field(ev.trigger.text);
      r.integer(ev.trigger.start);
      r.integer(ev.trigger.end);
      r.field(ev.cameo);
      r.field(ev.cameo_root);
      r.field(ev.cameo.empty() ? "" : number_text(ev.goldstein, 2));
      r.field(ev.quad_class >= 1 && ev.quad_class <= 4 ? std::to_string(ev.quad_class) : "");
      r.field(ev.plover_event);
      r.field(ev.plover_mode);
      r.field(join(ev.plover_context, ';'));
      r.field(ev.acled_event_type);
      r.field(ev.acled_event_type.empty() ? "" : ev.acled_sub_event_type);
      for (const auto* actor : {&ev.source, &ev.target}) {
        if (*actor) {
          r.field((*actor)->span.text);
          r.field((*actor)->code);
          r.field((*actor)->country);
          r.field(join((*actor)->sectors, ';'));
          r.integer((*actor)->span.start);
          r.integer((*actor)->span.end);
        } else {
          for (int c = 0; c < 6; ++c) r.field("");
        }
      }
      bool dated = ev.date && !ev.date->empty();
      r.field(dated ? *ev.date : "");
      r.field(ev.date_text);
      r.field(dated ? ev.date_precision : "");
      if (ev.location) {
        const Place& p = *ev.location;
        r.field(p.text);
        r.field(p.name);
        r.field(p.geonames_id ? std::to_string(p.geonames_id) : "");
        r.field(number_text(p.lat, 5));
        r.field(number_text(p.lon, 5));
        r.field(p.country);
        r.field(p.admin1);
        r.field(geo_precision_name(p.precision));
      } else {
        for (int c = 0; c < 8; ++c) r.field("");
      }
      r.optional_int(ev.fatalities);
      r.optional_int(ev.injuries);
      r.field(ev.negated ? "true" : "false");
      r.field(modality_name(ev.modality));
      if (ev.attribution) {
        r.field(ev.attribution->text);
        r.integer(ev.attribution->start);
        r.integer(ev.attribution->end);
      } else {
        for (int c = 0; c < 3; ++c) r.field("");
      }
      r.field(number_text(ev.tone, 3));
      r.field(number_text(ev.confidence, 3));
      r.end();
    }
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    return doc.events.size();
  }

 private:
  std::ostream& out_;
  std::string buf_;
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string two_digits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// The event's day for GDELT, which always has one: the event date when it names a day, else the
// publication date, else the first day of the event's month or year.
std::optional<DateParts> gdelt_day(const Document& doc, const Event& ev) {
  std::optional<DateParts> event_date = ev.date ? parse_iso_date(*ev.date) : std::nullopt;
  if (event_date && event_date->day) return event_date;
  std::optional<DateParts> published = doc.date ? parse_iso_date(*doc.date) : std::nullopt;
  if (published && published->day) return published;
  if (event_date) {
    if (!event_date->month) event_date->month = 1;
    event_date->day = 1;
  }
  return event_date;
}

// GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1).
int gdelt_geo_type(const Place& p) {
  bool us = p.country == "US";
  switch (p.precision) {
    case GeoPrecision::kCountry: return 1;
    case GeoPrecision::kAdmin1:
    case GeoPrecision::kAdmin2: return us ? 2 : 5;
    case GeoPrecision::kPoint: return us ? 3 : 4;
  }
  return 4;
}

class GdeltWriter : public EventWriter {
 public:
  GdeltWriter(std::ostream& out, const WriterOptions& options) : out_(out) {
    if (options.header) write_header(out_, kGdeltColumns, '\t', false);
  }
  size_t write(const Document& doc) override {
    buf_.clear();
    for (const Event& ev : doc.events) {
      RowBuilder r(buf_, '\t', false);
      r.integer(++next_id_);
      std::optional<DateParts> day = gdelt_day(doc, ev);
      if (day) {
        std::string year = std::to_string(day->year);
        r.field(year + two_digits(day->month) + two_digits(day->day));
        r.field(year + two_digits(day->month));
        r.field(year);
        // GDELT's FractionDate: YYYY + (MONTH * 30 + DAY) / 365.
        r.field(number_text(day->year + (day->month * 30 + day->day) / 365.0, 4));
      } else {
        for (int c = 0; c < 4; ++c) r.field("");
      }
      for (const auto* actor : {&ev.source, &ev.target}) {
        if (*actor) {
          const EventActor& a = **actor;
          r.field(a.code);
          r.field(upper(a.span.text));
          r.field(a.country);
          for (int c = 0; c < 4; ++c) r.field("");  // known group, ethnic, religion 1 and 2
          for (size_t s = 0; s < 3; ++s) r.field(s < a.sectors.size() ? a.sectors[s] : "");
        } else {
          for (int c = 0; c < 10; ++c) r.field("");
        }
      }
      // GDELT marks events from the lead paragraph; ours is the headline or the first sentence.
      r.integer(ev.sentence_index < 2 ? 1 : 0);
      r.field(ev.cameo);
      r.field(ev.cameo.substr(0, std::min<size_t>(3, ev.cameo.size())));
      r.field(ev.cameo_root.empty() ? ev.cameo.substr(0, std::min<size_t>(2, ev.cameo.size()))
                                    : ev.cameo_root);
      r.field(ev.quad_class >= 1 && ev.quad_class <= 4 ? std::to_string(ev.quad_class) : "");
      r.field(ev.cameo.empty() ? "" : number_text(ev.goldstein, 1));
      r.integer(1);  // NumMentions
      r.integer(1);  // NumSources
      r.integer(1);  // NumArticles
      r.field(number_text(ev.tone, 3));
      for (int c = 0; c < 16; ++c) r.field("");  // Actor1Geo_*, Actor2Geo_*: not resolved per actor
      if (ev.location) {
        const Place& p = *ev.location;
        r.integer(gdelt_geo_type(p));
        r.field(p.name.empty() ? p.text : p.name);
        r.field(p.country);
        r.field(p.admin1.empty() ? "" : p.country + p.admin1);
        r.field("");  // ADM2Code
        r.field(number_text(p.lat, 4));
        r.field(number_text(p.lon, 4));
        r.field(p.geonames_id ? std::to_string(p.geonames_id) : "");
      } else {
        r.integer(0);
        for (int c = 0; c < 7; ++c) r.field("");
      }
      std::optional<DateParts> added = doc.date ? parse_iso_date(*doc.date) : std::nullopt;
      if (added && added->day) {
        r.field(std::to_string(added->year) + two_digits(added->month) + two_digits(added->day) +
                "000000");
      } else {
        r.field("");
      }
      r.field(doc.url.empty() ? doc.id : doc.url);
      r.end();
    }
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    return doc.events.size();
  }

 private:
  std::ostream& out_;
  std::string buf_;
  long long next_id_ = 0;
};

bool has_sector(const EventActor& a, std::initializer_list<std::string_view> any) {
  for (const auto& s : a.sectors)
    for (auto x : any)
      if (s == x) return true;
  return false;
}

// ACLED's time_precision: 1 day, 2 week (or a few days), 3 month or coarser.
int acled_time_precision(const Event& ev) {
  if (ev.date_precision == "day") return 1;
  if (ev.date_precision == "week") return 2;
  return 3;
}

// ACLED's geo_precision: 1 the named town, 2 near a town or in a district, 3 a region.
int acled_geo_precision(const Place& p) {
  switch (p.precision) {
    case GeoPrecision::kPoint: return 1;
    case GeoPrecision::kAdmin2: return 2;
    case GeoPrecision::kAdmin1:
    case GeoPrecision::kCountry: return 3;
  }
  return 3;
}

class AcledWriter : public EventWriter {
 public:
  AcledWriter(std::ostream& out, const WriterOptions& options) : out_(out) {
    if (options.header) write_header(out_, kAcledColumns, ',', true);
  }
  size_t write(const Document& doc) override {
    buf_.clear();
    size_t rows = 0;
    std::vector<uint32_t> k = ordinals(doc);
    for (size_t i = 0; i < doc.events.size(); ++i) {
      const Event& ev = doc.events[i];
      if (ev.acled_event_type.empty()) continue;
      ++rows;
      RowBuilder r(buf_, ',', true);
      r.field(make_event_id(doc, ev, k[i]));
      std::optional<DateParts> date = ev.date ? parse_iso_date(*ev.date) : std::nullopt;
      r.field(ev.date ? *ev.date : "");
      r.field(date ? std::to_string(date->year) : "");
      r.field(date ? std::to_string(acled_time_precision(ev)) : "");
      r.field(ev.acled_event_type);
      r.field(ev.acled_sub_event_type);
      const EventActor* source = ev.source ? &*ev.source : nullptr;
      const EventActor* target = ev.target ? &*ev.target : nullptr;
      int inter1 = acled_inter_code(source, ev.acled_event_type);
      int inter2 = target ? acled_inter_code(target, {}) : 0;
      r.field(source ? source->span.text : inter1 == 6 ? "Protesters" : inter1 == 5 ? "Rioters" : "");
      r.field("");
      r.field(inter1 ? std::to_string(inter1) : "");
      r.field(target ? target->span.text : "");
      r.field("");
      r.integer(inter2);
      // ACLED's interaction: the two inter codes, smaller first; a lone actor's code then 0.
      int lo = std::min(inter1, inter2), hi = std::max(inter1, inter2);
      r.integer(lo == 0 ? hi * 10 : lo * 10 + hi);
      r.field("");  // region: not known to the coder
      if (ev.location) {
        const Place& p = *ev.location;
        r.field(p.country);
        r.field(p.admin1);
        r.field("");
        r.field("");
        r.field(p.name.empty() ? p.text : p.name);
        r.field(number_text(p.lat, 4));
        r.field(number_text(p.lon, 4));
        r.integer(acled_geo_precision(p));
      } else {
        for (int c = 0; c < 8; ++c) r.field("");
      }
      r.field(doc.source);
      r.field("");  // source_scale
      r.field(sentence_of(doc, ev.sentence_index));
      r.integer(ev.fatalities.value_or(0));  // ACLED records "none reported" as 0
      r.field("");                           // timestamp: ACLED's upload time
      r.end();
    }
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    return rows;
  }

 private:
  std::ostream& out_;
  std::string buf_;
};

}  // namespace

int acled_inter_code(const EventActor* actor, std::string_view acled_event_type) {
  if (!actor) {
    if (acled_event_type == "Protests") return 6;
    if (acled_event_type == "Riots") return 5;
    return 0;
  }
  const EventActor& a = *actor;
  std::string_view prefix = std::string_view(a.code).substr(0, std::min<size_t>(3, a.code.size()));
  bool non_state = prefix == "IGO" || prefix == "NGO" || prefix == "MNC" || prefix == "IMG" ||
                   prefix == "NGM" || prefix == "UIS";
  if (prefix == "IMG" || has_sector(a, {"REB", "INS", "SEP"})) return 2;
  if (has_sector(a, {"UAF", "CRM"})) return 3;
  if (!non_state && !a.country.empty() && has_sector(a, {"MIL", "GOV", "COP", "SPY", "JUD", "LEG"}))
    return 1;
  if (acled_event_type == "Riots" && !non_state) return 5;
  if (has_sector(a, {"OPP"}) || acled_event_type == "Protests") return 6;
  if (has_sector(a, {"CVL", "EDU", "HLH", "MED", "REF", "LAB", "AGR", "BUS", "REL", "ELI"})) return 7;
  return 8;
}

Result<EventFormat> parse_event_format(std::string_view name) {
  if (name == "jsonl" || name == "json") return EventFormat::kJsonl;
  if (name == "csv") return EventFormat::kCsv;
  if (name == "gdelt") return EventFormat::kGdelt;
  if (name == "acled") return EventFormat::kAcled;
  return Status::InvalidInput("unknown output format '" + std::string(name) +
                              "' (expected jsonl, csv, gdelt or acled)");
}

const std::vector<std::string_view>& event_columns(EventFormat format) {
  switch (format) {
    case EventFormat::kCsv: return kCsvColumns;
    case EventFormat::kGdelt: return kGdeltColumns;
    case EventFormat::kAcled: return kAcledColumns;
    case EventFormat::kJsonl: return kNoColumns;
  }
  return kNoColumns;
}

std::unique_ptr<EventWriter> make_event_writer(EventFormat format, std::ostream& out,
                                               const WriterOptions& options) {
  switch (format) {
    case EventFormat::kCsv: return std::make_unique<CsvWriter>(out, options);
    case EventFormat::kGdelt: return std::make_unique<GdeltWriter>(out, options);
    case EventFormat::kAcled: return std::make_unique<AcledWriter>(out, options);
    case EventFormat::kJsonl: break;
  }
  return std::make_unique<JsonlWriter>(out);
}

}  // namespace tacitus
