// A decisions file written by hand in the shape the review page saves (docs/review.md): an
// accepted 1-1 pair, a rejected 1-2, an accepted merge without confidence, a pending pair and
// an accepted 0-1 bead (which has no pair to store).
#pragma once

namespace tmkit::testing {

inline constexpr const char* kDecisionsSample =
    R"({"format":"tmkit-review-decisions","version":1,"fingerprint":"0123456789abcdef","src_document":"a.zh.txt","tgt_document":"a.en.txt","src_lang":"zh-CN","tgt_lang":"en-US","reviewer":"Li Na","saved":"2026-11-28T21:00:05.000Z","pairs":[
{"id":"s0+1:t0+1","decision":"accept","src":[0,1],"tgt":[0,1],"origin":"aligned","confidence":0.9,"time":"2026-11-28T21:00:01.000Z","source":"你好。","target":"Hello."},
{"id":"s1+1:t1+2","decision":"reject","src":[1,1],"tgt":[1,2],"origin":"aligned","confidence":0.3,"time":"2026-11-28T21:00:02Z","source":"再见。","target":"Bye. See you."},
{"id":"s2+2:t3+1","decision":"accept","src":[2,2],"tgt":[3,1],"origin":"merged","speaker":"Zhu","time":"2026-11-28T21:00:03Z","source":"一。二。","target":"One, two."},
{"id":"s4+1:t4+1","decision":"pending","src":[4,1],"tgt":[4,1],"origin":"aligned","confidence":0.8},
{"id":"s5+0:t5+1","decision":"accept","src":[5,0],"tgt":[5,1],"origin":"aligned","confidence":0.1,"time":"2026-11-28T21:00:04Z","source":"","target":"Print"}
]}
)";

}  // namespace tmkit::testing
