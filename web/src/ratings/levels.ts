/** 好差评 levels, index = level − 1: 不满意 and 非常不满意 are 差评. */
export const LEVEL_TEXT = ['非常不满意', '不满意', '基本满意', '满意', '非常满意'];

/** Each channel's indicators (GB/T 39735), as the server names them. */
export const ONLINE_INDICATORS: [string, string][] = [
  ['efficiency', '办事效率'],
  ['guideAccuracy', '指南准确'],
  ['convenience', '办事便捷'],
  ['easeOfUse', '操作简便'],
];
export const WINDOW_INDICATORS: [string, string][] = [
  ['efficiency', '办事效率'],
  ['serviceLevel', '服务水平'],
  ['attitude', '服务态度'],
];

/** Star widgets answer 0 when cleared: only the indicators actually given are sent. */
export const givenIndicators = (values: Record<string, number | undefined>) =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] >= 1));
