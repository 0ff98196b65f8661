// Options shared by the readers of interchange files.
#pragma once

#include "tmkit/lang.hpp"

namespace tmkit {

struct ReadOptions {
  // The pair to read. Empty src_lang: the file's declared source language. Empty tgt_lang: the
  // file's target language, or for a multilingual TMX every language other than the source.
  LangTag src_lang;
  LangTag tgt_lang;
};

}  // namespace tmkit
