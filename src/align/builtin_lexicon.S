/* Embeds data/lexicon/zh-en.tsv (CC BY-SA 4.0, see data/lexicon/NOTICE) so that the aligner
   needs no data files at run time. TMKIT_ZH_EN_LEXICON is the file's absolute path. */
    .section .rodata
    .global tmkit_zh_en_lexicon_begin
    .global tmkit_zh_en_lexicon_end
    .balign 16
tmkit_zh_en_lexicon_begin:
    .incbin TMKIT_ZH_EN_LEXICON
tmkit_zh_en_lexicon_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
