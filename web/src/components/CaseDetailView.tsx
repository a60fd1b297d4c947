import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, List, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useMe } from '../api/auth';
import { useMaterials, type CaseDetail } from '../api/cases';
import { CaseDocuments } from './CaseDocuments';
import { MaterialChecklist } from './MaterialChecklist';
import { CaseTimeline } from './CaseTimeline';
import { CaseLicencePanel } from '../licences/CaseLicencePanel';
import { CaseFeePanel } from '../fees/CaseFeePanel';
import { formatDate, formatLimit, formatTime } from './format';
import { AcceptanceLightTag, DeliveryLightTag, LightTag, StatusTag } from './StatusTag';
import { PersonalDataReveal } from './PersonalDataView';

const NOTICES: { kind: string; label: string; after: string[]; when?: (data: Record<string, unknown>) => boolean }[] = [
  { kind: 'acceptance', label: '受理通知书', after: ['accept', 'deem_accept'] },
  { kind: 'correction', label: '补正材料通知书', after: ['request_correction'] },
  { kind: 'refusal', label: '不予受理决定书', after: ['refuse'] },
  { kind: 'approval', label: '准予决定书', after: ['approve', 'decide_on_spot'] },
  { kind: 'denial', label: '不予决定书', after: ['deny'] },
  // A stop for a 特别程序 (art. 45) is told in writing; a 补正 stop is not one.
  { kind: 'special_procedure', label: '特别程序告知书', after: ['stop_clock'], when: (data) => data.kind !== 'correction' && data.writtenNotice === 'special_procedure' },
  { kind: 'delivery', label: '送达回证', after: ['issue'] },
];


/** One case as everyone who may see it sees it: facts, the legal clock, materials, documents, timeline. */
export function CaseDetailView({ c, actions }: { c: CaseDetail; actions?: ReactNode }) {
  const { data: me } = useMe();
  const { data: materials } = useMaterials(c.id);
  const notices = NOTICES.filter((n) => c.timeline.some((e) => n.after.includes(e.action) && (!n.when || n.when(e.data))));
  const progressUrl = c.queryCode ? `/progress?number=${encodeURIComponent(c.number)}&code=${c.queryCode}` : null;
  const canSeeDocuments = me?.role === 'applicant' || me?.role === 'clerk' || me?.role === 'reviewer' || me?.role === 'department_head';
  // The audited full view is for the staff handling the case (the API allows exactly these roles).
  const canViewFull = me?.role === 'clerk' || me?.role === 'reviewer';

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Card
          title={
            <Space wrap>
              <span>{c.itemName}</span>
              <StatusTag status={c.status} label={c.statusLabel} />
              <LightTag light={c.light} workdaysLeft={c.workdaysLeft} />
              <AcceptanceLightTag light={c.acceptanceLight} workdaysLeft={c.acceptanceWorkdaysLeft} dueDate={c.acceptanceDueDate} />
              {c.deemedAccepted && <Tag color="orange" data-testid="deemed-accepted">依法视为受理</Tag>}
              <DeliveryLightTag light={c.deliveryLight} workdaysLeft={c.deliveryWorkdaysLeft} />
              {c.deliveredLate && <Tag color="red">逾期送达</Tag>}
            </Space>
          }
        >
          {c.status === 'correction_required' && me?.role === 'applicant' && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              message="窗口已一次性告知需要补正的内容，请逐项补正：每一项上传新文件或填写补正说明后，再重新提交"
              description={
                <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="correction-points">
                  {((c.timeline.filter((e) => e.action === 'request_correction').at(-1)?.data.missing as string[] | undefined) ?? []).map((point, index) => (
                    <li key={index}>{point}</li>
                  ))}
                </ol>
              }
            />
          )}
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            <Descriptions.Item label="申请编号">
              <Typography.Text copyable data-testid="case-number">
                {c.number}
              </Typography.Text>
            </Descriptions.Item>
            {c.queryCode && (
              <Descriptions.Item label="查询码">
                <Typography.Text copyable data-testid="query-code">
                  {c.queryCode}
                </Typography.Text>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="办理部门">{c.departmentName}</Descriptions.Item>
            <Descriptions.Item label="申请渠道">{c.channel === 'online' ? '网上申请' : '窗口申请'}</Descriptions.Item>
            <Descriptions.Item label="申请人">{c.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={c.applicant.kind === 'legal' ? '统一社会信用代码' : '身份证号'}>
              {canViewFull ? <PersonalDataReveal caseId={c.id} masked={c.applicant.identityNumber} field="identityNumber" /> : (c.applicant.identityNumber ?? '—')}
            </Descriptions.Item>
            <Descriptions.Item label="联系电话">
              {canViewFull ? <PersonalDataReveal caseId={c.id} masked={c.applicant.phone} field="phone" /> : (c.applicant.phone ?? '—')}
            </Descriptions.Item>
            {c.applicant.filedByName && <Descriptions.Item label="经办人">{c.applicant.filedByName}</Descriptions.Item>}
            <Descriptions.Item label="提交时间">{formatTime(c.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label="受理时间">
              {formatTime(c.acceptedAt)}
              {c.deemedAccepted && '（五个工作日内未告知补正，自收到材料之日起依法视为受理）'}
            </Descriptions.Item>
            {c.acceptanceDueDate && (
              <Descriptions.Item label="受理时限">
                {formatDate(c.acceptanceDueDate)} 前受理、不予受理或一次性告知补正（《行政许可法》第三十二条）
              </Descriptions.Item>
            )}
            <Descriptions.Item label="承诺时限">{formatLimit(c.clock.promisedLimit)}</Descriptions.Item>
            <Descriptions.Item label="法定时限">{formatLimit(c.clock.legalLimit)}</Descriptions.Item>
            <Descriptions.Item label="承诺办结日期">
              <span data-testid="due-date">{formatDate(c.dueDate)}</span>
              {c.dueProvisional && <Tag style={{ marginLeft: 6 }}>暂定（节假日安排未公布）</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="法定办结日期">{formatDate(c.clock.legalDueDate)}</Descriptions.Item>
            {(c.clock.stoppedWorkdays > 0 || c.clock.extensionWorkdays > 0) && (
              <Descriptions.Item label="中止 / 延期">
                中止 {c.clock.stoppedWorkdays} 个工作日，延期 {c.clock.extensionWorkdays} 个工作日
              </Descriptions.Item>
            )}
            {c.clock.stops.map((s) => (
              <Descriptions.Item key={s.startedAt} label={s.endedAt ? '中止计时（已恢复）' : '中止计时中'} span={2}>
                <span data-testid="clock-stop">
                  {s.kindLabel}：{s.reason}（{formatTime(s.startedAt)} 起
                  {s.expectedEndDate ? `，预计 ${s.expectedWorkdays} 个工作日，至 ${formatDate(s.expectedEndDate)}` : ''}
                  {s.endedAt ? `，实际中止 ${s.workdays ?? 0} 个工作日` : ''}）
                </span>
              </Descriptions.Item>
            ))}
            {c.reviewStep && (
              <Descriptions.Item label="当前环节">
                {c.reviewStepLabel ?? c.reviewStep}
                {c.assigneeName ? `（承办人：${c.assigneeName}）` : '（待认领）'}
              </Descriptions.Item>
            )}
            {c.decisionReason && <Descriptions.Item label="审批意见/理由">{c.decisionReason}</Descriptions.Item>}
            {c.deliveryPreference && (
              <Descriptions.Item label="送达方式">
                {c.deliveryPreference.method === 'post'
                  ? `快递送达：${c.deliveryPreference.recipient ?? ''} ${c.deliveryPreference.phone ?? ''} ${c.deliveryPreference.address ?? ''}`
                  : '统一出件窗口领取'}
              </Descriptions.Item>
            )}
            {c.deliveryDueDate && (
              <Descriptions.Item label="送达期限">
                <span data-testid="delivery-due-date">{formatDate(c.deliveryDueDate)}</span> 前颁发、送达（《行政许可法》第四十四条：准予许可决定之日起十个工作日内）
                {c.deliveredLate === false && '，已按期送达'}
                {c.deliveredLate && '，逾期送达'}
              </Descriptions.Item>
            )}
            {c.completedAt && <Descriptions.Item label="办结时间">{formatTime(c.completedAt)}</Descriptions.Item>}
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            申请内容
          </Typography.Title>
          <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
            {c.formFields.map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                {String(c.formData[f.key] ?? '—')}
              </Descriptions.Item>
            ))}
          </Descriptions>

          <MaterialChecklist c={c} role={me?.role} />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            已上传的文件
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={materials ?? []}
            locale={{ emptyText: '暂无上传材料' }}
            renderItem={(m) => (
              <List.Item>
                <a href={`/api/cases/${c.id}/materials/${m.id}/file`} target="_blank" rel="noreferrer">
                  <PaperClipOutlined /> {m.name}
                </a>
                <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                  {m.originalName} · {(m.sizeBytes / 1024).toFixed(0)} KB
                </Typography.Text>
              </List.Item>
            )}
          />

          <CaseFeePanel caseId={c.id} />
          <CaseLicencePanel caseId={c.id} />
          {canSeeDocuments && notices.length > 0 && <CaseDocuments caseId={c.id} notices={notices} />}
          {progressUrl && (
            <div style={{ marginTop: 16 }}>
              <Typography.Text type="secondary">
                凭申请编号和查询码，无需登录即可 <a href={progressUrl}>查询办理进度</a>。
              </Typography.Text>
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        {actions}
        <Card title="办理过程" style={{ marginTop: actions ? 16 : 0 }}>
          <CaseTimeline entries={c.timeline} />
        </Card>
      </Col>
    </Row>
  );
}
