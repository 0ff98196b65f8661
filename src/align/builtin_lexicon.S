/* Embeds the built-in lexicons so that the aligner needs no data files at run time:
   data/lexicon/zh-en.tsv (CC BY-SA 4.0) and data/lexicon/de-fr.tsv (CC BY-SA 3.0); see
   data/lexicon/NOTICE. TMKIT_ZH_EN_LEXICON and TMKIT_DE_FR_LEXICON are their absolute paths. */
    .section .rodata
    .global tmkit_zh_en_lexicon_begin
    .global tmkit_zh_en_lexicon_end
    .global tmkit_de_fr_lexicon_begin
    .global tmkit_de_fr_lexicon_end
    .balign 16
tmkit_zh_en_lexicon_begin:
    .incbin TMKIT_ZH_EN_LEXICON
tmkit_zh_en_lexicon_end:
    .byte 0
    .balign 16
tmkit_de_fr_lexicon_begin:
    .incbin TMKIT_DE_FR_LEXICON
tmkit_de_fr_lexicon_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
