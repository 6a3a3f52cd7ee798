// The `tacitus` subcommands. Each returns the process exit status:
//   0 success, 1 runtime failure, 2 usage error, 3 success but some input was rejected.
#pragma once

namespace tacitus::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitRejectedInput = 3;

// Each takes argv with argv[1] == the subcommand name.
int code_main(int argc, char** argv);       // articles -> event records (cmd_code.cc)
int annotate_main(int argc, char** argv);   // articles -> one JSON object per document (cmd_code.cc)
int parse_main(int argc, char** argv);      // CoNLL-U / text -> CoNLL-U (cmd_parse.cc)
int train_main(int argc, char** argv);      // train tagger|parser|ner (cmd_train.cc)
int eval_main(int argc, char** argv);       // score against gold data (cmd_eval.cc)
int ingest_main(int argc, char** argv);     // articles -> SQLite store (cmd_store.cc)
int serve_main(int argc, char** argv);      // HTTP API + dashboard (cmd_serve.cc)
int gazetteer_main(int argc, char** argv);  // build/inspect the gazetteer (cmd_gazetteer.cc)
// `tacitus train ner ...`, reached through train_main; argv[1] == "train", argv[2] == "ner"
// (cmd_train_ner.cc).
int train_ner_main(int argc, char** argv);
int train_event_type_main(int argc, char** argv);  // `tacitus train event-type` (cmd_train_event_type.cc)

}  // namespace tacitus::cli
