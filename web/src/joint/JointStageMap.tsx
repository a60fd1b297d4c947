import { Alert, App, Button, Card, Descriptions, Form, Input, Progress, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { FilePickerButton } from '../components/FilePickerButton';
import type { ReactNode } from 'react';
import { useJointStep, useUploadJointMaterial, type JointDetail } from '../api/joint';
import { errorMessage } from '../api/client';
import { LightTag } from '../components/StatusTag';
import { formatDate, formatTime } from '../components/format';

const STATUS_COLORS: Record<string, string> = { submitted: 'blue', correction_required: 'orange', accepted: 'processing', refused: 'red', completed: 'green', withdrawn: 'default' };

/**
 * 阶段图: a joint application as its applicant, agent, window and supervisor see it — each
 * department's part with its status and days left, the joint clock, the one correction notice,
 * and the one result.
 */
export function JointStageMap({ a, actions, canAnswer, canUpload }: { a: JointDetail; actions?: ReactNode; canAnswer?: boolean; canUpload?: boolean }) {
  const licence = a.result?.licence ?? null;
  // 多证合一: the licences issued through the licences module at 统一出件 (in the applicant's wallet).
  const electronic = a.result?.electronicLicences ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span>{a.bundleName}</span>
            <Tag color={STATUS_COLORS[a.status]} data-testid="joint-status">
              {a.statusLabel}
            </Tag>
            {a.priority && <Tag color="magenta">绿色通道</Tag>}
            <span data-testid="joint-light">
              <LightTag light={a.light} workdaysLeft={a.workdaysLeft} />
            </span>
          </Space>
        }
        extra={actions}
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="联办编号">
            <Typography.Text copyable data-testid="joint-number">
              {a.number}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="申请人">{a.applicantName}</Descriptions.Item>
          <Descriptions.Item label="代办员">{a.agentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="承诺办结">{a.dueDate ? `${formatDate(a.dueDate)}（承诺 ${a.clock.promisedLimitDays} 个工作日）` : `受理后 ${a.clock.promisedLimitDays} 个工作日`}</Descriptions.Item>
          <Descriptions.Item label="法定期限">
            {a.legalDueDate ? `${formatDate(a.legalDueDate)}（${a.clock.legalLimitDays}${a.clock.extensionWorkdays ? ` + ${a.clock.extensionWorkdays}` : ''} 个工作日）` : `${a.clock.legalLimitDays} 个工作日`}
          </Descriptions.Item>
          <Descriptions.Item label="已用">{a.clock.elapsedWorkdays} 个工作日{a.clock.stoppedWorkdays ? `（补正中止 ${a.clock.stoppedWorkdays} 个工作日）` : ''}</Descriptions.Item>
          {a.bottleneck && (
            <Descriptions.Item label="短板部门">
              <Typography.Text type={a.bottleneck.late ? 'danger' : undefined} data-testid="bottleneck">
                {a.bottleneck.departmentName}（{a.bottleneck.itemName}）
              </Typography.Text>
            </Descriptions.Item>
          )}
          {a.refusalReason && <Descriptions.Item label="不予受理理由">{a.refusalReason}</Descriptions.Item>}
        </Descriptions>
      </Card>

      {a.correction && (
        <Alert
          type="warning"
          showIcon
          data-testid="joint-correction"
          message="补正告知（各部门合并，一次补正）"
          description={
            <Space direction="vertical" style={{ width: '100%' }}>
              <ul style={{ margin: 0 }}>
                {a.correction.requests.map((r) => (
                  <li key={r.caseId}>
                    {r.departmentName}（{r.itemName}）：{r.missing.join('；')}
                  </li>
                ))}
              </ul>
              {canAnswer && <AnswerCorrection id={a.id} />}
            </Space>
          }
        />
      )}

      {licence && (
        <Card title={licence.title} data-testid="business-licence" styles={{ header: { background: '#fff7e6' } }}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label="统一社会信用代码">
              <Typography.Text strong copyable data-testid="credit-code">
                {licence.creditCode}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="名称">{licence.name}</Descriptions.Item>
            <Descriptions.Item label="法定代表人">{licence.legalRepresentative}</Descriptions.Item>
            <Descriptions.Item label="注册资本">{licence.registeredCapital ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="住所">{licence.address}</Descriptions.Item>
            <Descriptions.Item label="成立日期">{formatDate(licence.establishedOn)}</Descriptions.Item>
            <Descriptions.Item label="经营范围" span={2}>
              {licence.scope}
            </Descriptions.Item>
            <Descriptions.Item label="多证合一" span={2}>
              {licence.records.map((r) => `${r.itemName}（${r.departmentName}）`).join('；')}
            </Descriptions.Item>
            {electronic.length > 0 && (
              <Descriptions.Item label="电子证照" span={2}>
                <Space wrap>
                  {electronic.map((e) => (
                    <a key={e.id} href={`/verify?id=${e.identifier}`} data-testid="electronic-licence">
                      {e.itemName}：{e.number}（验真）
                    </a>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}

      <Card title="各部门办理进度（并联审批）" size="small">
        {a.children.length === 0 ? (
          <Typography.Text type="secondary">受理后，以下事项同时抄告各部门：{a.members.map((m) => `${m.itemName}（${m.departmentName}）`).join('；')}</Typography.Text>
        ) : (
          <Table
            rowKey="caseId"
            size="small"
            pagination={false}
            dataSource={a.children}
            onRow={() => ({ 'data-testid': 'child-row' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: '部门', dataIndex: 'departmentName' },
              { title: '事项', dataIndex: 'itemName' },
              { title: '办件编号', dataIndex: 'number' },
              { title: '状态', dataIndex: 'statusLabel', render: (v: string, c) => <Space size={4}>{v}{c.late && <Tag color="red">超期</Tag>}</Space> },
              { title: '时钟', render: (_, c) => <LightTag light={c.light} workdaysLeft={c.workdaysLeft} /> },
              { title: '已用工作日', dataIndex: 'usedWorkdays' },
              { title: '用时占比', render: (_, c) => <Progress aria-label={`${c.departmentName}用时占比`} percent={Math.round(c.share * 100)} size="small" style={{ minWidth: 90 }} /> },
            ]}
          />
        )}
      </Card>

      <SharedMaterials a={a} canUpload={canUpload ?? false} />

      <Card title="办理记录" size="small">
        <Timeline
          items={a.events.map((e) => ({
            content: (
              <div data-testid="joint-event">
                <Typography.Text strong>{e.actionLabel}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatTime(e.at)} {e.actorName ?? ''}
                  {e.onBehalfOf ? `（代办员，为申请人 ${e.onBehalfOf}）` : ''}
                </Typography.Text>
                {e.note && <div>{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

function AnswerCorrection({ id }: { id: string }) {
  const step = useJointStep(id);
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Form form={form} layout="inline" onFinish={(v) => step.mutate({ step: 'answer-correction', body: { note: v.note } }, { onSuccess: () => form.resetFields() })}>
      <Form.Item name="note" rules={[{ required: true, min: 2, message: '请说明补正内容' }]} style={{ minWidth: 320 }}>
        <Input placeholder="补正说明（如：已补交公司章程和租赁合同）" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={step.isPending}>
        一次提交补正
      </Button>
      {step.error && <Typography.Text type="danger">{errorMessage(step.error)}</Typography.Text>}
    </Form>
  );
}

/**
 * 合并材料清单: each material once, with the items it serves; what was uploaded, and to how many
 * department cases it went (at acceptance, or at once while a merged correction is open).
 */
function SharedMaterials({ a, canUpload }: { a: JointDetail; canUpload: boolean }) {
  const upload = useUploadJointMaterial(a.id);
  const { message } = App.useApp();
  const accepted = a.children.length > 0;
  return (
    <Card title="合并材料清单（每份只交一次，多事项共用）" size="small" data-testid="shared-materials">
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        dataSource={a.materials}
        onRow={(m) => ({ 'data-testid': 'shared-material', 'data-name': m.name }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: '材料',
            dataIndex: 'name',
            render: (v: string, m) => (
              <Space size={4} wrap>
                {v}
                {m.requirement !== 'required' && <Tag>{m.requirement === 'optional' ? '选交' : '特定情形'}</Tag>}
              </Space>
            ),
          },
          { title: '用于事项', render: (_, m) => (m.itemNames.length > 1 ? <Tooltip title={m.itemNames.join('、')}><Tag color="blue">{m.itemNames.length} 个事项共用</Tag></Tooltip> : m.itemNames[0]) },
          {
            title: '已提交',
            render: (_, m) => {
              const files = a.uploads.filter((u) => u.name === m.name);
              if (!files.length) return <Typography.Text type="secondary">未提交</Typography.Text>;
              return (
                <Space direction="vertical" size={0}>
                  {files.map((f) => (
                    <span key={f.id} data-testid="shared-upload">
                      <a href={`/api/joint-applications/${a.id}/materials/${f.id}/file`}>{f.originalName}</a>{' '}
                      <Typography.Text type="secondary">
                        {formatSize(f.sizeBytes)}
                        {accepted ? `，已送达 ${f.caseCount} 个部门办件` : '，受理时送达各部门'}
                      </Typography.Text>
                    </span>
                  ))}
                </Space>
              );
            },
          },
          ...(canUpload
            ? [
                {
                  title: '上传',
                  key: 'upload',
                  render: (_: unknown, m: JointDetail['materials'][number]) => (
                    <FilePickerButton
                      size="small"
                      aria-label={`上传 ${m.name}`}
                      loading={upload.isPending && upload.variables?.name === m.name}
                      onFiles={([file]) =>
                        upload.mutate(
                          { name: m.name, file: file! },
                          {
                            onSuccess: (r) => message.success(r.attachedTo.length ? `已上传，并送达 ${r.attachedTo.length} 个部门办件` : '已上传'),
                            onError: (e) => message.error(errorMessage(e)),
                          },
                        )
                      }
                    >
                      上传
                    </FilePickerButton>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
