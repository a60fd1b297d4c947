import type { Executor } from '../db/database.js';

/**
 * 机关代字 of the demo departments, as their 文号 print them (梅市监许准〔2026〕12号). A department
 * left out prints its full name.
 */
const ABBREVIATIONS: Record<string, string> = {
  梅河口市市场监督管理局: '梅市监',
  梅河口市住房和城乡建设局: '梅住建',
  梅河口市自然资源局: '梅自然资',
  梅河口市不动产登记中心: '梅不动产',
  梅河口市公安局: '梅公',
  梅河口市民政局: '梅民',
  梅河口市人力资源和社会保障局: '梅人社',
  梅河口市医疗保障局: '梅医保',
  梅河口市卫生健康局: '梅卫健',
  梅河口市交通运输局: '梅交',
  梅河口市水利局: '梅水',
  通化市生态环境局梅河口市分局: '通环梅',
  梅河口市文化广播电视和旅游局: '梅文旅',
  国家税务总局梅河口市税务局: '梅税',
  梅河口市教育局: '梅教',
  梅河口市农业农村局: '梅农',
  梅河口市林业局: '梅林',
  梅河口市应急管理局: '梅应急',
  梅河口市退役军人事务局: '梅退役',
  梅河口市发展和改革局: '梅发改',
  梅河口市商务局: '梅商',
  梅河口市城市管理行政执法局: '梅城管',
  梅河口市财政局: '梅财',
  梅河口市司法局: '梅司',
  梅河口市住房公积金管理中心: '梅公积金',
  梅河口市气象局: '梅气',
};

/** Gives the demo city's departments their 代字 (each department decides in its own name). */
export async function seedDemoDocuments(db: Executor, centreId: number): Promise<void> {
  const departments = await db.selectFrom('departments').select(['id', 'name']).where('centre_id', '=', centreId).execute();
  const rows = departments.filter((d) => ABBREVIATIONS[d.name]).map((d) => ({ department_id: d.id, abbreviation: ABBREVIATIONS[d.name]! }));
  if (rows.length) await db.insertInto('department_doc_abbreviations').values(rows).onConflict((oc) => oc.column('department_id').doNothing()).execute();
}
