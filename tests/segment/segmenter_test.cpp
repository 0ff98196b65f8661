#include "tmkit/segmenter.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_paths.hpp"

namespace {

using Texts = std::vector<std::string>;

tmkit::Segmenter make_segmenter(const std::string& lang, bool join_lines = true) {
  const auto tag = tmkit::LangTag::parse(lang);
  REQUIRE(tag.ok());
  tmkit::SegmenterOptions options;
  options.join_single_line_breaks = join_lines;
  auto segmenter = tmkit::Segmenter::create(*tag, options);
  REQUIRE(segmenter.ok());
  return std::move(segmenter).value();
}

std::vector<tmkit::Segment> split(const std::string& lang, const std::string& text,
                                  bool join_lines = true) {
  const tmkit::Segmenter segmenter = make_segmenter(lang, join_lines);
  auto segments = segmenter.split(text);
  REQUIRE(segments.ok());
  return std::move(segments).value();
}

Texts texts_of(const std::vector<tmkit::Segment>& segments) {
  Texts out;
  for (const auto& s : segments) out.push_back(s.text);
  return out;
}

struct Case {
  std::string lang;
  std::string input;
  Texts expected;
};

}  // namespace

TEST_CASE("segmenter breaks Chinese text after sentence-final punctuation", "[segment]") {
  const Case c = GENERATE(values<Case>({
      {"zh",
       "今天天气很好。我们去公园吧！你来吗？",
       {"今天天气很好。", "我们去公园吧！", "你来吗？"}},
      // ；and …… end sentences too, which ICU does not know.
      {"zh",
       "数字经济发展迅速；互联网产业持续繁荣。",
       {"数字经济发展迅速；", "互联网产业持续繁荣。"}},
      {"zh", "我想了想……还是算了。明天再说。", {"我想了想……", "还是算了。", "明天再说。"}},
      // A single … is a pause, not an end.
      {"zh", "嗯…好吧。", {"嗯…好吧。"}},
      // ASCII ?! written between Chinese characters.
      {"zh", "真的吗?太好了!谢谢。", {"真的吗?", "太好了!", "谢谢。"}},
      // Stacked terminators stay together.
      {"zh", "什么？！不可能。", {"什么？！", "不可能。"}},
      {"zh", "增长了3.5%，达到1,200亿元。", {"增长了3.5%，达到1,200亿元。"}},
      {"zh-CN", "第一句。 第二句。", {"第一句。", "第二句。"}},
  }));
  CAPTURE(c.input);
  CHECK(texts_of(split(c.lang, c.input)) == c.expected);
}

TEST_CASE("segmenter keeps closing quotes and brackets on the sentence they close", "[segment]") {
  const Case c = GENERATE(values<Case>({
      {"zh", "他说：“我明天来。”然后就走了。", {"他说：“我明天来。”", "然后就走了。"}},
      {"zh", "她问道：「你是谁？」我没有回答。", {"她问道：「你是谁？」", "我没有回答。"}},
      {"zh", "这是重要的一步（见附件。）我们继续。", {"这是重要的一步（见附件。）", "我们继续。"}},
      {"zh", "他喊道：“快跑……”大家都跑了。", {"他喊道：“快跑……”", "大家都跑了。"}},
      {"en", "He said \"Stop.\" Then he left.", {"He said \"Stop.\"", "Then he left."}},
      {"en",
       "(This is an aside.) The main text continues.",
       {"(This is an aside.)", "The main text continues."}},
  }));
  CAPTURE(c.input);
  CHECK(texts_of(split(c.lang, c.input)) == c.expected);
}

TEST_CASE("segmenter does not break inside a Chinese book title", "[segment]") {
  CHECK(texts_of(split("zh", "我读了《你好！世界。》这本书。很好看。")) ==
        Texts{"我读了《你好！世界。》这本书。", "很好看。"});
  // An unclosed 《 protects nothing.
  CHECK(texts_of(split("zh", "书名号《没有关闭。下一句。")) ==
        Texts{"书名号《没有关闭。", "下一句。"});
}

TEST_CASE("segmenter keeps English abbreviations inside the sentence", "[segment]") {
  const Case c = GENERATE(values<Case>({
      {"en",
       "Mr. Smith went to Washington. He arrived on Jan. 5.",
       {"Mr. Smith went to Washington.", "He arrived on Jan. 5."}},
      {"en",
       "Dr. Li and Prof. Wang met at St. Paul's. They talked.",
       {"Dr. Li and Prof. Wang met at St. Paul's.", "They talked."}},
      {"en",
       "See No. 5 for details. Say no. Then leave.",
       {"See No. 5 for details.", "Say no.", "Then leave."}},
      {"en",
       "Fruit, e.g. Apples, is healthy. Greens, i.e. Kale, too.",
       {"Fruit, e.g. Apples, is healthy.", "Greens, i.e. Kale, too."}},
      {"en",
       "We sell pears, etc. and more. We sell pens etc. The shop opens at nine.",
       {"We sell pears, etc. and more.", "We sell pens etc.", "The shop opens at nine."}},
      {"en",
       "Trade between the U.S. and China grew. The U.K. Government agreed.",
       {"Trade between the U.S. and China grew.", "The U.K. Government agreed."}},
      {"en",
       "It was Brazil vs. Germany in the final. Germany won.",
       {"It was Brazil vs. Germany in the final.", "Germany won."}},
      {"en",
       "He joined Acme Ltd. Last year. It grew.",
       {"He joined Acme Ltd. Last year.", "It grew."}},
      {"en", "(Dr. Wu agreed.) Good.", {"(Dr. Wu agreed.)", "Good."}},
  }));
  CAPTURE(c.input);
  CHECK(texts_of(split(c.lang, c.input)) == c.expected);
}

TEST_CASE("segmenter keeps initials with the name", "[segment]") {
  CHECK(texts_of(split("en", "J. R. R. Tolkien wrote The Hobbit. It was published in 1937.")) ==
        Texts{"J. R. R. Tolkien wrote The Hobbit.", "It was published in 1937."});
  CHECK(texts_of(split("en", "Books by J.R.R. Tolkien sell well. Really.")) ==
        Texts{"Books by J.R.R. Tolkien sell well.", "Really."});
}

TEST_CASE("segmenter does not split numbers", "[segment]") {
  CHECK(texts_of(split("en",
                       "Growth was 3.5% in 2021. Exports reached 1,200 million dollars. "
                       "Prices rose 0.5 points.")) ==
        Texts{"Growth was 3.5% in 2021.", "Exports reached 1,200 million dollars.",
              "Prices rose 0.5 points."});
  CHECK(texts_of(split("en", "Version 2.0.1 is out. Get it.")) ==
        Texts{"Version 2.0.1 is out.", "Get it."});
}

TEST_CASE("segmenter breaks after questions and exclamations", "[segment]") {
  CHECK(texts_of(split("en", "Is it true? Yes! It is.")) == Texts{"Is it true?", "Yes!", "It is."});
  CHECK(texts_of(split("en", "Really?! No way.")) == Texts{"Really?!", "No way."});
}

TEST_CASE("segmenter handles German, French and Japanese", "[segment]") {
  const Case c = GENERATE(values<Case>({
      {"de",
       "Dr. Müller kam am 3. Oktober nach Berlin. Er kaufte z.B. Äpfel. Das war alles.",
       {"Dr. Müller kam am 3. Oktober nach Berlin.", "Er kaufte z.B. Äpfel.", "Das war alles."}},
      {"de", "Siehe Nr. 5 im Anhang. Danke.", {"Siehe Nr. 5 im Anhang.", "Danke."}},
      // An ordinal keeps the sentence going only before a month name.
      {"de", "Er wurde 3. Das ist gut.", {"Er wurde 3.", "Das ist gut."}},
      {"fr",
       "M. Dupont est arrivé hier. Il repart demain !",
       {"M. Dupont est arrivé hier.", "Il repart demain !"}},
      {"fr", "Le prix est de 3,5 euros. C'est cher.", {"Le prix est de 3,5 euros.", "C'est cher."}},
      {"ja", "今日は晴れです。明日は雨でしょう。", {"今日は晴れです。", "明日は雨でしょう。"}},
      // A quotation followed by と ("...," he said) is one sentence in Japanese.
      {"ja",
       "「行こう！」と彼は言った。それから出かけた。",
       {"「行こう！」と彼は言った。", "それから出かけた。"}},
  }));
  CAPTURE(c.input);
  CHECK(texts_of(split(c.lang, c.input)) == c.expected);
}

TEST_CASE("segmenter falls back to ICU's root rules for unknown languages", "[segment]") {
  CHECK(texts_of(split("tlh", "One sentence. Two sentences.")) ==
        Texts{"One sentence.", "Two sentences."});
}

TEST_CASE("segmenter numbers paragraphs separated by blank lines", "[segment]") {
  const auto segments =
      split("en", "\n\nFirst paragraph. Two sentences.\n\n \t\n\nSecond paragraph.\n\n");
  REQUIRE(texts_of(segments) == Texts{"First paragraph.", "Two sentences.", "Second paragraph."});
  CHECK(segments[0].paragraph == 0);
  CHECK(segments[1].paragraph == 0);
  CHECK(segments[2].paragraph == 1);
  // A sentence without a full stop still ends at the paragraph break.
  CHECK(texts_of(split("en", "No full stop here\n\nNext paragraph.")) ==
        Texts{"No full stop here", "Next paragraph."});
}

TEST_CASE("segmenter joins or breaks single line breaks as configured", "[segment]") {
  const std::string input = "This sentence is wrapped\nover two lines. Next one.";
  SECTION("joined by default") {
    CHECK(texts_of(split("en", input)) ==
          Texts{"This sentence is wrapped over two lines.", "Next one."});
  }
  SECTION("broken when join_single_line_breaks is false") {
    CHECK(texts_of(split("en", input, false)) ==
          Texts{"This sentence is wrapped", "over two lines.", "Next one."});
  }
  SECTION("spaces around a joined break become one space") {
    CHECK(texts_of(split("en", "wrapped   \n   text.")) == Texts{"wrapped text."});
  }
  SECTION("Chinese lines join without a space") {
    CHECK(texts_of(split("zh", "数字化改革\n正在推进。")) == Texts{"数字化改革正在推进。"});
    CHECK(texts_of(split("zh", "他说：“你好”\n然后走了。")) == Texts{"他说：“你好”然后走了。"});
  }
  SECTION("numbered lines stay whole in line mode") {
    CHECK(texts_of(split("en", "1. Introduction\n2. Methods", false)) ==
          Texts{"1. Introduction", "2. Methods"});
  }
}

TEST_CASE("segmenter reads LF, CRLF and CR line ends", "[segment]") {
  const std::string input = "First line\r\nsecond line.\r\n\r\nNew paragraph.\r\n";
  const auto segments = split("en", input);
  REQUIRE(texts_of(segments) == Texts{"First line second line.", "New paragraph."});
  CHECK(segments[1].paragraph == 1);
  CHECK(segments[1].bytes == tmkit::Span{28, 42});
  CHECK(texts_of(split("en", "a line\r\nanother", false)) == Texts{"a line", "another"});
  CHECK(texts_of(split("en", "One\rTwo.\r\rThree.", false)) == Texts{"One", "Two.", "Three."});
  CHECK(split("en", "One\rTwo.\r\rThree.")[1].paragraph == 1);
}

TEST_CASE("segmenter reports byte spans into the original input", "[segment]") {
  SECTION("trimmed of surrounding spaces") {
    const std::string input = "  Hello world.  Next.\n";
    const auto segments = split("en", input);
    REQUIRE(segments.size() == 2);
    CHECK(segments[0].bytes == tmkit::Span{2, 14});
    CHECK(input.substr(segments[1].bytes.begin, segments[1].bytes.size()) == "Next.");
  }
  SECTION("Chinese text counts bytes, not characters") {
    const std::string input = "朱国贤：\n谢谢。";
    const auto segments = split("zh", input);
    REQUIRE(segments.size() == 2);
    CHECK(segments[0].bytes == tmkit::Span{0, 12});
    CHECK(segments[1].bytes == tmkit::Span{13, 22});
  }
  SECTION("a joined segment spans the line break") {
    const std::string input = "wrapped\nline.";
    const auto segments = split("en", input);
    REQUIRE(segments.size() == 1);
    CHECK(segments[0].text == "wrapped line.");
    CHECK(input.substr(segments[0].bytes.begin, segments[0].bytes.size()) == "wrapped\nline.");
  }
}

TEST_CASE("segmenter recognises speaker and outlet labels", "[segment]") {
  const auto [line, speaker] = GENERATE(table<std::string, std::string>({
      {"Zhu Guoxian:", "Zhu Guoxian"},
      {"Hong Kong Economic Herald:", "Hong Kong Economic Herald"},
      {"Hong Kong Bauhinia Magazine:", "Hong Kong Bauhinia Magazine"},
      {"Department of the Interior:", "Department of the Interior"},
      {"Dr. Li:", "Dr. Li"},
      {"朱国贤：", "朱国贤"},
      {"主持人：", "主持人"},
      {"香港经济导报记者：", "香港经济导报记者"},
      {"　　朱国贤 ：  ", "朱国贤"},
  }));
  CAPTURE(line);
  const auto segments = split("en", line);
  REQUIRE(segments.size() == 1);
  CHECK(segments[0].is_speaker_label);
  CHECK(segments[0].speaker == speaker);
}

TEST_CASE("segmenter does not take sentences ending in a colon for labels", "[segment]") {
  const std::string line =
      GENERATE(as<std::string>{},
               "The digitalization reform has the following features:", "Note: this is a sentence.",
               "Adjust font size:", "Thank you. Next:", "具体如下：", "他表示：",
               "这是一个很长很长很长很长的句子结尾：", "2021:");
  CAPTURE(line);
  for (const auto& segment : split("en", line)) {
    CHECK_FALSE(segment.is_speaker_label);
    CHECK(segment.speaker.empty());
  }
}

TEST_CASE("segmenter carries the speaker until the next label", "[segment]") {
  SECTION("English, across paragraphs") {
    const auto segments = split("en",
                                "Zhu Guoxian:\n\nThank you for the question. We will work hard.\n\n"
                                "Hong Kong Economic Herald:\nWhat effects will it have?");
    REQUIRE(texts_of(segments) ==
            Texts{"Zhu Guoxian:", "Thank you for the question.", "We will work hard.",
                  "Hong Kong Economic Herald:", "What effects will it have?"});
    CHECK(segments[0].is_speaker_label);
    CHECK_FALSE(segments[1].is_speaker_label);
    CHECK(segments[2].speaker == "Zhu Guoxian");
    CHECK(segments[3].speaker == "Hong Kong Economic Herald");
    CHECK(segments[4].speaker == "Hong Kong Economic Herald");
    CHECK(segments[4].paragraph == 2);
  }
  SECTION("Chinese, labels inside a paragraph") {
    const auto segments =
        split("zh", "主持人：\n请提问。\n香港经济导报记者：\n数字化改革有什么影响？");
    REQUIRE(texts_of(segments) ==
            Texts{"主持人：", "请提问。", "香港经济导报记者：", "数字化改革有什么影响？"});
    CHECK(segments[1].speaker == "主持人");
    CHECK(segments[2].is_speaker_label);
    CHECK(segments[3].speaker == "香港经济导报记者");
    CHECK(segments[3].paragraph == 0);
  }
  SECTION("text before the first label has no speaker") {
    const auto segments = split("en", "Opening remarks.\nHost:\nWelcome.");
    REQUIRE(segments.size() == 3);
    CHECK(segments[0].speaker.empty());
    CHECK(segments[2].speaker == "Host");
  }
}

TEST_CASE("segmenter drops empty segments", "[segment]") {
  CHECK(split("en", "").empty());
  CHECK(split("en", "  \n\r\n\t  \n").empty());
}

TEST_CASE("segmenter rejects invalid UTF-8 with the byte offset", "[segment]") {
  const tmkit::Segmenter segmenter = make_segmenter("en");
  const auto result = segmenter.split("abc\xFF def.");
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == tmkit::StatusCode::kInvalidInput);
  CHECK_THAT(result.status().message(), Catch::Contains("byte 3"));
}

TEST_CASE("segmenter gives the same result from several threads at once", "[segment]") {
  const tmkit::Segmenter segmenter = make_segmenter("zh");
  const std::string input = "主持人：\n今天天气很好。我们去公园吧！\n\n朱国贤：\n谢谢。";
  const auto expected = texts_of(*segmenter.split(input));
  std::vector<Texts> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) result = texts_of(*segmenter.split(input));
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& result : results) CHECK(result == expected);
}

TEST_CASE("segmenter splits the SCIO briefing page into turns and sentences", "[segment]") {
  const std::string page = tmkit::testing::read_file(tmkit::testing::shared_dir() /
                                                     "data/briefing/scio-2021-09-16-wic-p2.en.txt");
  REQUIRE_FALSE(page.empty());
  const auto segments = split("en", page);
  const auto find = [&](const std::string& text) {
    return std::find_if(segments.begin(), segments.end(),
                        [&](const tmkit::Segment& s) { return s.text == text; });
  };

  Texts labels;
  for (const auto& s : segments) {
    if (s.is_speaker_label) labels.push_back(s.speaker);
  }
  CHECK(labels == Texts{"Hong Kong Economic Herald", "Zhu Guoxian", "Hong Kong Bauhinia Magazine",
                        "Zhao Zeliang"});

  const auto features = find("The digitalization reform has the following features.");
  REQUIRE(features != segments.end());
  CHECK(features->speaker == "Zhu Guoxian");

  const std::string projects =
      "By focusing on the \"152\" digital reform projects, Zhejiang will carry out a "
      "well-rounded and systematic reform in its social development and governance capacity.";
  const auto projects_it = find(projects);
  REQUIRE(projects_it != segments.end());
  CHECK(page.substr(projects_it->bytes.begin, projects_it->bytes.size()) == projects);

  const auto question =
      find("What important companies and people will participate in this year's conference?");
  REQUIRE(question != segments.end());
  CHECK(question->speaker == "Hong Kong Bauhinia Magazine");

  const auto guests = find("Our guests come from more than 80 countries and regions.");
  REQUIRE(guests != segments.end());
  CHECK(guests->speaker == "Zhao Zeliang");

  CHECK(find("Follow China.org.cn on Twitter and Facebook to join the conversation.") !=
        segments.end());
}
