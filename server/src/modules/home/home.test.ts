import { describe, expect, it } from 'vitest';
import { calendarNotices } from './service.js';

describe('calendarNotices', () => {
  it('announces a holiday with its days off and make-up working days, and a closure on its own', () => {
    const notices = calendarNotices([
      { date: '2026-09-27', kind: 'makeup', name: '国庆节、中秋节' },
      { date: '2026-10-01', kind: 'holiday', name: '国庆节、中秋节' },
      { date: '2026-10-02', kind: 'holiday', name: '国庆节、中秋节' },
      { date: '2026-10-03', kind: 'holiday', name: '国庆节、中秋节' },
      { date: '2026-10-10', kind: 'makeup', name: '国庆节、中秋节' },
      { date: '2026-10-20', kind: 'closed', name: '大厅电力检修' },
    ]);
    expect(notices).toEqual([
      {
        date: '2026-10-01',
        title: '国庆节、中秋节假期服务安排',
        body: '10月1日至10月3日放假，共 3 天；9月27日（星期日）、10月10日（星期六）正常上班办理业务。放假期间大厅窗口暂停服务，网上办事大厅、进度查询和证照验真照常可用；办理时限按工作日计算，假期不计入。',
      },
      { date: '2026-10-20', title: '10月20日大厅暂停对外服务', body: '大厅电力检修，10月20日（星期二）大厅窗口暂停服务，网上办事大厅照常受理。' },
    ]);
  });

  it('says nothing when no holiday is near', () => {
    expect(calendarNotices([])).toEqual([]);
  });
});
