import { Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../api/cases';
import { actorRoleName, formatTime } from './format';

const ROLE_NAMES: Record<string, string> = {
  applicant: '申请人',
  clerk: '窗口',
  reviewer: '审批',
  admin: '管理员',
  supervisor: '监察',
  system: '系统',
};

const COLORS: Record<string, string> = {
  refuse: 'red',
  deny: 'red',
  request_correction: 'orange',
  stop_clock: 'gray',
  deem_accept: 'orange',
  directive: 'red',
  directive_escalated: 'red',
  approve: 'green',
  issue: 'green',
};

/** 步步留痕: every step with who, when and what it said, oldest first. */
export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <Timeline
      items={entries.map((entry) => ({
        color: COLORS[entry.action] ?? 'blue',
        content: (
          <div>
            <Typography.Text strong>{entry.actionLabel}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {/* A step of the law itself is named in its own words (系统（依法视为受理）). */}
              {formatTime(entry.at)} · {entry.actorRole === 'system' && entry.actorName ? entry.actorName : `${ROLE_NAMES[entry.actorRole] ?? actorRoleName(entry.actorRole)}${entry.actorName ? ` ${entry.actorName}` : ''}`}
            </Typography.Text>
            {entry.note && <div>{entry.note}</div>}
            <TimelineData entry={entry} />
          </div>
        ),
      }))}
    />
  );
}

function TimelineData({ entry }: { entry: TimelineEntry }) {
  const d = entry.data as Record<string, unknown>;
  const lines: string[] = [];
  if (Array.isArray(d.missing)) lines.push(`需补正：${(d.missing as string[]).join('；')}`);
  if (Array.isArray(d.checklist) && d.checklist.length) lines.push(`核验材料：${(d.checklist as string[]).join('、')}`);
  if (typeof d.dueDate === 'string') lines.push(`承诺办结日期：${d.dueDate}`);
  if (typeof d.receivedOn === 'string') lines.push(`收到材料日期（视为受理日）：${d.receivedOn}`);
  if (d.materialsVerified === false && Array.isArray(d.unverifiedMaterials)) lines.push(`受理时未经核验的材料：${(d.unverifiedMaterials as string[]).join('、')}`);
  if (typeof d.kindLabel === 'string') lines.push(`中止原因：${d.kindLabel}`);
  if (typeof d.expectedEndDate === 'string') lines.push(`预计 ${String(d.expectedWorkdays)} 个工作日，至 ${d.expectedEndDate}（已书面告知申请人）`);
  if (typeof d.stoppedWorkdays === 'number') lines.push(`中止 ${d.stoppedWorkdays} 个工作日`);
  if (typeof d.workdays === 'number') lines.push(`延期 ${d.workdays} 个工作日`);
  const delivery = d.delivery as { method?: string; courier?: string; trackingNumber?: string } | undefined;
  if (delivery) lines.push(delivery.method === 'post' ? `快递送达：${delivery.courier} ${delivery.trackingNumber}` : '窗口领取');
  // 申请人原选择快递送达: who agreed to take it at the window, how and when.
  const consent = d.consent as { consentedBy?: string; methodLabel?: string; consentedAt?: string } | undefined;
  if (consent) lines.push(`申请人同意改为窗口领取：${consent.consentedBy ?? ''}，${consent.methodLabel ?? ''}，${consent.consentedAt ? new Date(consent.consentedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : ''}`);
  if (typeof d.deliveryDueDate === 'string') lines.push(`送达期限：${d.deliveryDueDate}${d.deliveredLate === true ? '（逾期送达）' : d.deliveredLate === false ? '（按期送达）' : ''}`);
  if (typeof d.remedies === 'string') lines.push(d.remedies);
  if (typeof d.replyDue === 'string') lines.push(`回复期限：${d.replyDue}`);
  return lines.length ? (
    <div style={{ color: '#666', fontSize: 13 }}>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </div>
  ) : null;
}
