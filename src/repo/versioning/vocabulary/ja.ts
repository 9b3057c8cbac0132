import type { Vocabulary } from './types.js';

/**
 * Japanese: the endings 規程 use to oblige, forbid, recommend and permit, plain and polite
 * (…しなければならない / …しなければなりません, …ものとする / …ものとします). Japanese is written
 * without spaces, so most terms are phrases found anywhere; short ones that also occur inside
 * other words (ない, 日, 月) count only as words of their own.
 */
export const ja: Vocabulary = {
  language: 'ja',
  modals: {
    must: {
      phrases: ['なければならない', 'なければなりません', 'なくてはならない', 'なくてはなりません', 'ねばならない', '必要がある', '必要があります',
        '必要とする', '必要とします', 'ものとする', 'ものとします', '義務', '必須', '要する', '求める', '求められる'],
    },
    mustNot: {
      phrases: ['てはならない', 'てはなりません', 'ではならない', 'ではなりません', 'てはいけない', 'てはいけません', '禁止', '禁じ', '禁ずる', '認めない', '認めません'],
    },
    // 「…すること。」「…しないこと。」: an instruction, binding as a rule's text.
    requirement: { endings: ['こと'] },
    should: { phrases: ['望ましい', '望まれる', '推奨', 'べき', '努める', '努めます', '努めなければ', 'ほうがよい', '方がよい'] },
    may: { phrases: ['できる', 'できます', '差し支えない', '差し支えありません', '差支えない', '構わない', 'かまわない', '構いません', '妨げない', '任意', '可能'] },
  },
  qualifiers: {
    phrases: ['のみ', 'だけ', '限り', '限る', '限ります', '常に', '必ず', '決して', '一切', '以内', '以上', '以下', '未満', '超える', '少なくとも', '最低', '最大',
      '最小', '除く', '除き', 'ただし', '但し', '例外', 'すべて', '全て', '全員', 'いずれ', 'いかなる'],
    words: ['ない', 'ません', 'ず', 'ぬ', '各', '全'],
  },
  time: {
    phrases: ['時間', '週間', 'か月', 'ヶ月', 'カ月', 'ヵ月', '箇月', '年間', '四半期', '半期', '毎日', '毎週', '毎月', '毎年', '年次', '月次', '週次', '日次',
      '年度', '直ちに', '速やかに', '遅滞なく', '即時', '即座', '営業日'],
    words: ['日', '週', '月', '年', '分', '秒'],
  },
  numerals: '〇一二三四五六七八九十百千万億',
  counters: ['回', '件', '名', '人', '文字', '桁', '個', '台', '条', '項', '号', '倍', '割', '度', '日間', '週間', 'か月', 'ヶ月', 'カ月', '年間', '時間'],
  sections: {
    purpose: { phrases: ['目的'] },
    scope: { phrases: ['適用範囲', '対象範囲', '適用対象', '対象者', '適用'] },
    roles: { phrases: ['役割', '責任', '責務', '体制'] },
    definitions: { phrases: ['定義', '用語'] },
    exceptions: { phrases: ['例外', '適用除外'] },
    enforcement: { phrases: ['罰則', '違反', '懲戒'] },
    review: { phrases: ['見直し', '改訂', '改廃'] },
  },
};
