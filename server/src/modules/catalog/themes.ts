/**
 * Life events (个人主题) and enterprise themes (法人主题) citizens browse by, after the national
 * 一网通办 portals' lists. Items carry theme names; this list gives their order and audience.
 */
export const THEMES: { name: string; audience: 'natural' | 'legal' }[] = [
  { name: '生育收养', audience: 'natural' },
  { name: '户籍办理', audience: 'natural' },
  { name: '教育培训', audience: 'natural' },
  { name: '就业创业', audience: 'natural' },
  { name: '婚姻家庭', audience: 'natural' },
  { name: '社会保障', audience: 'natural' },
  { name: '医疗卫生', audience: 'natural' },
  { name: '住房保障', audience: 'natural' },
  { name: '交通出行', audience: 'natural' },
  { name: '证件办理', audience: 'natural' },
  { name: '退休养老', audience: 'natural' },
  { name: '社会救助', audience: 'natural' },
  { name: '残疾人服务', audience: 'natural' },
  { name: '兵役退役', audience: 'natural' },
  { name: '身后事', audience: 'natural' },
  { name: '设立变更', audience: 'legal' },
  { name: '准营准办', audience: 'legal' },
  { name: '工程建设', audience: 'legal' },
  { name: '不动产登记', audience: 'legal' },
  { name: '税费办理', audience: 'legal' },
  { name: '人力资源', audience: 'legal' },
  { name: '交通运输', audience: 'legal' },
  { name: '生态环保', audience: 'legal' },
  { name: '农林水利', audience: 'legal' },
  { name: '文化旅游', audience: 'legal' },
  { name: '安全生产', audience: 'legal' },
  { name: '医药卫生', audience: 'legal' },
  { name: '注销退出', audience: 'legal' },
];

export const THEME_NAMES = new Set(THEMES.map((t) => t.name));
