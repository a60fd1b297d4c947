import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { FilePickerButton } from './FilePickerButton';
import { useState, type ReactNode } from 'react';
import { useMe } from '../api/auth';
import { errorMessage } from '../api/client';
import { useCaseAction, useChecklist, type CaseDetail, type Checklist } from '../api/cases';
import { useQueryClient } from '@tanstack/react-query';
import { PushRatingButton } from '../hall/HallPage';
import type { TDeliveryConsent, TIssueRequest } from '../../../server/src/modules/cases/schema';

interface ActionSpec {
  action: string;
  label: string;
  type?: 'primary' | 'default';
  danger?: boolean;
  /** Form shown in a dialog before the action; none means act at once. */
  form?: ReactNode;
  toBody?: (values: Record<string, unknown>) => unknown;
}

/** Grounds a new clock stop may have: art. 45's 特别程序, and 补正 where the item's rules provide it. */
const STOP_GROUND_OPTIONS = [
  { value: 'expert_review', label: '专家评审' },
  { value: 'hearing', label: '听证' },
  { value: 'examination', label: '检验' },
  { value: 'testing', label: '检测' },
  { value: 'quarantine', label: '检疫' },
  { value: 'appraisal', label: '鉴定' },
  { value: 'tender', label: '招标' },
  { value: 'auction', label: '拍卖' },
  { value: 'correction', label: '补正材料（仅限本事项规定受理后可补正的）' },
];

/** What the person is told once a step went through, in words, not "<button>：已完成". */
const DONE: Record<string, string> = {
  delivery: '送达方式已保存',
  resubmit: '已重新提交，请等待窗口审核',
  withdraw: '申请已撤回',
  accept: '已受理，受理通知书已生成',
  'decide-on-spot': '已当场办结',
  'request-correction': '补正通知已发出',
  refuse: '已作出不予受理决定',
  issue: '已出件办结',
  claim: '已认领，请开始审查',
  'complete-review': '审查意见已提交',
  'stop-clock': '已中止计时，特别程序告知书已生成',
  'resume-clock': '已恢复计时',
  extensions: '延期申请已提交，等待负责人审批',
  directive: '督办已发出',
  approve: '已准予',
  deny: '已作出不予许可决定',
};

const lines = (text: unknown) =>
  String(text ?? '')
    .split(/\n|；|;/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The actions this user may take on this case now, by role and state (and, at the window, the material list). */
function actionsFor(c: CaseDetail, role: string | undefined, checklist: Checklist | undefined): ActionSpec[] {
  const opinion = (label: string, required: boolean) => (
    <Form.Item name="text" label={label} rules={required ? [{ required: true, min: 2, message: `请填写${label}` }] : []}>
      <Input.TextArea rows={4} maxLength={2000} showCount />
    </Form.Item>
  );
  switch (role) {
    case 'applicant':
      return [
        ...(['submitted', 'correction_required', 'accepted', 'approved', 'denied'].includes(c.status)
          ? [
              {
                action: 'delivery',
                label: '选择送达方式',
                form: <PreferenceForm />,
                toBody: (v: Record<string, unknown>) => ({
                  preference: v.method === 'post' ? { method: 'post', recipient: v.recipient, phone: v.phone, address: v.address } : { method: 'window' },
                }),
              },
            ]
          : []),
        ...(c.status === 'correction_required'
          ? [
              {
                action: 'resubmit',
                label: '补正后重新提交',
                type: 'primary' as const,
                form: <ResubmitForm c={c} checklist={checklist} />,
                toBody: (v: Record<string, unknown>) => ({
                  answers: Object.entries((v.answers as Record<string, string | undefined> | undefined) ?? {})
                    .filter(([, text]) => text?.trim())
                    .map(([index, text]) => ({ index: Number(index), text: text!.trim() })),
                  note: v.text || undefined,
                }),
              },
            ]
          : []),
        ...(['submitted', 'correction_required', 'accepted'].includes(c.status)
          ? [{ action: 'withdraw', label: '撤回申请', danger: true, form: opinion('撤回原因', false), toBody: (v: Record<string, unknown>) => ({ reason: v.text || undefined }) }]
          : []),
      ];
    case 'clerk':
      if (c.status === 'submitted') {
        // 容缺受理: minor materials still missing may follow by a date the applicant promises.
        const deferrable = (checklist?.materials ?? []).filter((m) => m.deferrable && m.requirement === 'required' && m.verdict !== 'accepted' && !m.deferral);
        const listed = checklist?.materials ?? [];
        return [
          { action: 'accept', label: '受理', type: 'primary' },
          ...(deferrable.length
            ? [
                {
                  action: 'accept',
                  label: '容缺受理',
                  form: (
                    <>
                      <Typography.Paragraph>以下材料容缺，由申请人承诺后补：{deferrable.map((m) => m.name).join('、')}</Typography.Paragraph>
                      <Form.Item name="promisedDate" label="承诺补交日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '请填写日期，如 2026-12-08' }]}>
                        <Input type="date" />
                      </Form.Item>
                    </>
                  ),
                  toBody: (v: Record<string, unknown>) => ({ deferred: deferrable.map((m) => ({ materialId: m.id, promisedDate: String(v.promisedDate) })) }),
                },
              ]
            : []),
          ...(c.promisedLimitDays === 0
            ? [{ action: 'decide-on-spot', label: '即办件当场办结', form: opinion('办结意见', false), toBody: (v: Record<string, unknown>) => ({ opinion: v.text || undefined }) }]
            : []),
          {
            action: 'request-correction',
            label: '一次性告知补正',
            form: (
              <>
                {listed.length > 0 && (
                  <Form.Item
                    name="materialIds"
                    label="需要补正的材料"
                    initialValue={listed.filter((m) => m.verdict === 'defective').map((m) => m.id)}
                  >
                    <Checkbox.Group options={listed.map((m) => ({ value: m.id, label: m.verdict === 'defective' ? `${m.name}（${m.reason}）` : m.name }))} />
                  </Form.Item>
                )}
                <Form.Item
                  name="missing"
                  label={listed.length ? '其他需要补正的内容（每行一项）' : '需要补正的全部材料或内容（每行一项）'}
                  rules={listed.length ? [] : [{ required: true, message: '请列出需要补正的内容' }]}
                >
                  <Input.TextArea rows={4} placeholder={'例如：\n申请表联系电话填写有误\n申请书未签字'} />
                </Form.Item>
                <Form.Item name="note" label="说明">
                  <Input.TextArea rows={2} />
                </Form.Item>
              </>
            ),
            toBody: (v) => ({
              corrections: ((v.materialIds as string[] | undefined) ?? []).map((id) => {
                const m = listed.find((x) => x.id === id);
                return { materialId: id, text: m?.verdict === 'defective' && m.reason ? m.reason : '请按要求重新提交' };
              }),
              missing: lines(v.missing),
              note: v.note || undefined,
            }),
          },
          { action: 'refuse', label: '不予受理', danger: true, form: opinion('不予受理理由', true), toBody: (v) => ({ reason: v.text }) },
        ];
      }
      if (c.status === 'approved' || c.status === 'denied') {
        return [
          {
            action: 'issue',
            label: '出件办结',
            type: 'primary',
            form: (
              <>
                {c.deliveryPreference && (
                  <Typography.Paragraph type="secondary">
                    申请人选择：{c.deliveryPreference.method === 'post' ? `快递送达，${c.deliveryPreference.recipient ?? ''} ${c.deliveryPreference.address ?? ''}` : '窗口领取'}
                  </Typography.Paragraph>
                )}
                {c.deliveryDueDate && (
                  <Typography.Paragraph type={c.deliveryLight === 'red' ? 'danger' : 'secondary'}>
                    送达期限：{c.deliveryDueDate} 前（准予许可决定之日起十个工作日，《行政许可法》第四十四条）
                  </Typography.Paragraph>
                )}
                <DeliveryForm chosen={c.deliveryPreference?.method ?? null} applicantName={c.applicant.name} />
              </>
            ),
            toBody: (v): TIssueRequest => {
              const text = (key: string) => (typeof v[key] === 'string' && v[key] ? (v[key] as string) : undefined);
              const post = v.method === 'post';
              return {
                delivery: {
                  method: post ? 'post' : 'window',
                  courier: post ? text('courier') : undefined,
                  trackingNumber: post ? text('trackingNumber') : undefined,
                  // The applicant chose no express address: the window takes it down now.
                  postAddress: post && c.deliveryPreference?.method !== 'post' ? { recipient: text('recipient') ?? '', phone: text('phone') ?? '', address: text('address') ?? '' } : undefined,
                  // The applicant chose express: handing over at the window needs their consent on record.
                  consent:
                    !post && c.deliveryPreference?.method === 'post'
                      ? {
                          consentedBy: text('consentedBy') ?? '',
                          method: v.consentMethod as TDeliveryConsent['method'],
                          consentedAt: text('consentedAt') ? new Date(text('consentedAt')!).toISOString() : undefined,
                        }
                      : undefined,
                },
                note: text('note'),
              };
            },
          },
        ];
      }
      return [];
    case 'reviewer': {
      if (c.status !== 'accepted') return [];
      if (!c.assigneeName) return [{ action: 'claim', label: '认领', type: 'primary' }];
      const clock: ActionSpec[] = c.clockStopped
        ? [{ action: 'resume-clock', label: '恢复计时', type: 'primary' }]
        : [
            {
              action: 'stop-clock',
              label: '中止计时',
              form: (
                <>
                  <Typography.Paragraph type="secondary">
                    依《行政许可法》第四十五条，仅听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计入办理时限，并须书面告知申请人所需时间；现场勘查属于审查环节，照常计时。
                  </Typography.Paragraph>
                  <Form.Item name="kind" label="中止原因" initialValue="expert_review" rules={[{ required: true }]}>
                    <Select options={STOP_GROUND_OPTIONS} />
                  </Form.Item>
                  <Form.Item name="expectedWorkdays" label="预计所需工作日" extra="写入特别程序告知书；受理后补正可不填" rules={[{ type: 'number', min: 1, max: 250 }]}>
                    <InputNumber min={1} max={250} />
                  </Form.Item>
                  {opinion('具体说明', true)}
                </>
              ),
              toBody: (v) => ({ kind: v.kind, reason: v.text, expectedWorkdays: v.expectedWorkdays ?? undefined }),
            },
            {
              action: 'extensions',
              label: '申请延期',
              form: (
                <>
                  <Form.Item name="workdays" label="延期工作日" rules={[{ required: true }]}>
                    <InputNumber min={1} max={c.clock.maxExtensionWorkdays - c.clock.extensionWorkdays} />
                  </Form.Item>
                  {opinion('延期理由', true)}
                </>
              ),
              toBody: (v) => ({ workdays: v.workdays, reason: v.text }),
            },
          ];
      const step = c.clockStopped ? [] : chainStepActions(c, 'reviewer', opinion);
      return [...step, ...clock];
    }
    case 'supervisor':
      return [
        ...(c.status === 'accepted'
          ? [
              {
                action: 'directive',
                label: '督办',
                form: (
                  <>
                    {opinion('督办事项', true)}
                    <Form.Item name="replyWorkdays" label="回复期限（工作日）" initialValue={3}>
                      <InputNumber min={1} max={30} />
                    </Form.Item>
                  </>
                ),
                toBody: (v: Record<string, unknown>) => ({ content: v.text, replyWorkdays: v.replyWorkdays }),
              },
            ]
          : []),
      ];
    case 'department_head':
    case 'government_head':
      // Art. 42: the head of the organ (or of the government, for joint handling) signs extensions;
      // a department head also signs the chain steps given to them.
      return [
        ...(c.status === 'accepted' && !c.clockStopped && role === 'department_head' ? chainStepActions(c, 'department_head', opinion) : []),
        ...(c.clock.extensions.some((e) => e.status === 'pending')
        ? [
            { action: 'extensions/decide', label: '批准延期', type: 'primary' as const, form: opinion('审批意见', false), toBody: (v: Record<string, unknown>) => ({ approve: true, note: v.text || undefined }) },
            { action: 'extensions/decide', label: '驳回延期', danger: true, form: opinion('驳回理由', true), toBody: (v: Record<string, unknown>) => ({ approve: false, note: v.text }) },
          ]
        : []),
      ];
    default:
      return [];
  }
}

/**
 * The current step of the item's review chain, for the role it belongs to: its own words
 * (审查完成 / 审核完成 / 会签 …) or, at the deciding step, 准予 and 不予.
 */
function chainStepActions(c: CaseDetail, role: 'reviewer' | 'department_head', opinion: (label: string, required: boolean) => ReactNode): ActionSpec[] {
  const current = c.review && c.review.currentIndex !== null ? c.review.steps[c.review.currentIndex] : undefined;
  if (!current || current.role !== role) return [];
  if (current.decides) {
    return [
      { action: 'approve', label: '准予', type: 'primary', form: opinion(`${current.label}意见`, false), toBody: (v) => ({ opinion: v.text || undefined }) },
      { action: 'deny', label: '不予许可', danger: true, form: opinion('不予许可理由', true), toBody: (v) => ({ reason: v.text }) },
    ];
  }
  const countersign = current.kind === 'countersign';
  return [
    {
      action: 'complete-review',
      label: countersign ? `${current.label}（会签）` : `${current.label}完成`,
      type: 'primary',
      form: opinion(countersign ? '会签意见' : `${current.label}意见`, true),
      toBody: (v) => ({ opinion: v.text }),
    },
  ];
}

/** 补正: every point of the notice, each answered by a new file (uploaded in the list) or in words. */
function ResubmitForm({ c, checklist }: { c: CaseDetail; checklist: Checklist | undefined }) {
  const points =
    checklist?.correction?.points ??
    ((c.timeline.filter((e) => e.action === 'request_correction').at(-1)?.data.missing as string[] | undefined) ?? []).map((text, index) => ({ index, text, materialId: null, hasNewFile: false }));
  return (
    <>
      <Typography.Paragraph type="secondary">每一项都须补正：材料项可在「材料清单」中上传新文件，也可在此说明；其他项请填写补正说明。</Typography.Paragraph>
      {points.map((p) => (
        <Form.Item
          key={p.index}
          name={['answers', String(p.index)]}
          label={`${p.index + 1}. ${p.text}`}
          extra={p.hasNewFile ? '已上传新文件' : undefined}
          rules={p.hasNewFile ? [] : [{ required: true, whitespace: true, message: '请填写补正说明，或先上传该材料的新文件' }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      ))}
      <Form.Item name="text" label="备注">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

function PreferenceForm() {
  const method = Form.useWatch('method');
  return (
    <>
      <Form.Item name="method" label="领取方式" initialValue="window" rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'window', label: '到统一出件窗口领取' },
            { value: 'post', label: '快递送达（免费寄递）' },
          ]}
        />
      </Form.Item>
      {method === 'post' && <PostAddressFields />}
    </>
  );
}

/** 收件人、手机、地址: where an express delivery goes. */
function PostAddressFields({ recipient }: { recipient?: string }) {
  return (
    <>
      <Form.Item name="recipient" label="收件人" initialValue={recipient} rules={[{ required: true, message: '请填写收件人' }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label="收件人手机" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }]}>
        <Input maxLength={11} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label="收件地址" rules={[{ required: true, min: 5, message: '请填写详细地址' }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}

/**
 * 出件: how the result leaves the window. Posting takes the courier and waybill (and the address
 * when the applicant left none); handing over at the window a result the applicant chose to have
 * posted records who agreed, how and when.
 */
function DeliveryForm({ chosen, applicantName }: { chosen: 'window' | 'post' | null; applicantName: string }) {
  const method = Form.useWatch('method');
  return (
    <>
      <Form.Item name="method" label="送达方式" initialValue={chosen ?? 'window'} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: 'window', label: '窗口领取' },
            { value: 'post', label: '快递送达' },
          ]}
        />
      </Form.Item>
      {method === 'post' && (
        <>
          <Form.Item name="courier" label="快递公司" rules={[{ required: true, message: '请填写快递公司' }]}>
            <Input placeholder="中国邮政EMS" />
          </Form.Item>
          <Form.Item name="trackingNumber" label="运单号" rules={[{ required: true, message: '请填写运单号' }]}>
            <Input />
          </Form.Item>
          {chosen !== 'post' && (
            <>
              <Typography.Paragraph type="secondary">申请人未留邮寄地址，请录入：</Typography.Paragraph>
              <PostAddressFields recipient={applicantName} />
            </>
          )}
        </>
      )}
      {method === 'window' && chosen === 'post' && (
        <>
          <Typography.Paragraph type="warning">申请人选择了快递送达。改为窗口领取，须记录申请人的同意：</Typography.Paragraph>
          <Form.Item name="consentedBy" label="同意人" initialValue={applicantName} rules={[{ required: true, message: '请填写同意人' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="consentMethod" label="同意方式" initialValue="signed_at_window" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'signed_at_window', label: '窗口当面签字确认' },
                { value: 'phone', label: '电话确认' },
                { value: 'written', label: '书面同意' },
              ]}
            />
          </Form.Item>
          <Form.Item name="consentedAt" label="同意时间" extra="不填即为现在">
            <Input type="datetime-local" />
          </Form.Item>
        </>
      )}
      <Form.Item name="note" label="备注（印在送达回证上）">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );
}

export function CaseActions({ c }: { c: CaseDetail }) {
  const { data: me } = useMe();
  const act = useCaseAction(c.id);
  const { message } = App.useApp();
  const [open, setOpen] = useState<ActionSpec | null>(null);
  const [pressed, setPressed] = useState<string | null>(null);
  const [form] = Form.useForm();
  const { data: checklist } = useChecklist(c.id);
  const specs = actionsFor(c, me?.role, checklist);
  // Any service at the window can be rated: acceptance, a correction notice, handing out the result.
  const canPushRating = me?.role === 'clerk' && c.status !== 'withdrawn';
  // Items that list their materials take uploads per material in the checklist; the rest by name here.
  const canUpload =
    checklist !== undefined &&
    checklist.materials.length === 0 &&
    (me?.role === 'applicant' ? ['submitted', 'correction_required'].includes(c.status) : me?.role === 'clerk' && c.status === 'submitted');
  if (!specs.length && !canUpload && !canPushRating) return null;

  const run = async (spec: ActionSpec, values: Record<string, unknown> = {}) => {
    try {
      await act.mutateAsync({ action: spec.action, body: spec.toBody ? spec.toBody(values) : {} });
      message.success(spec.action === 'extensions/decide' ? `已${spec.label}` : (DONE[spec.action] ?? `已${spec.label}`));
      setOpen(null);
      form.resetFields();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Card title="办理操作">
      <Space wrap>
        {canPushRating && <PushRatingButton caseId={c.id} />}
        {specs.map((spec) => (
          <Button
            key={spec.label}
            type={spec.type ?? 'default'}
            danger={spec.danger}
            // Only the button pressed spins (see MaterialChecklist: a spinner that only flickers can stay).
            loading={act.isPending && !open && pressed === spec.label}
            onClick={() => {
              setPressed(spec.label);
              if (spec.form) setOpen(spec);
              else void run(spec);
            }}
          >
            {spec.label}
          </Button>
        ))}
      </Space>
      {canUpload && <MaterialUpload caseId={c.id} />}
      <Modal
        open={Boolean(open)}
        title={open?.label}
        okText="确定"
        cancelText="取消"
        confirmLoading={act.isPending}
        onCancel={() => setOpen(null)}
        onOk={() => void form.validateFields().then((values) => open && run(open, values))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {open?.form}
        </Form>
      </Modal>
    </Card>
  );
}

/**
 * Upload a material: one file, or several at once (the pages of a scan, both sides of an ID card),
 * all under the one name; the server checks every file by its content and stores all or none.
 */
function MaterialUpload({ caseId }: { caseId: string }) {
  const [name, setName] = useState('');
  const [sending, setSending] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const send = async (files: File[]) => {
    if (files.length > 10) {
      message.error('一次最多上传 10 个文件');
      return;
    }
    const body = new FormData();
    body.append('name', name.trim());
    for (const file of files) body.append('file', file);
    setSending(true);
    try {
      const response = await fetch(`/api/cases/${caseId}/materials`, { method: 'POST', body, credentials: 'same-origin' });
      if (response.ok) {
        message.success(files.length > 1 ? `已上传 ${files.length} 个文件` : '材料已上传');
        setName('');
        void client.invalidateQueries({ queryKey: ['materials', caseId] });
      } else {
        const error = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        message.error(error.error?.message ?? '上传失败');
      }
    } finally {
      setSending(false);
    }
  };
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Text type="secondary">上传材料（PDF、JPG、PNG、OFD，单个不超过 20 MB，一次最多 10 个文件）</Typography.Text>
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input placeholder="材料名称，如：营业执照" aria-label="材料名称" value={name} onChange={(e) => setName(e.target.value)} />
        <FilePickerButton multiple disabled={!name.trim()} loading={sending} onFiles={(files) => void send(files)}>
          选择文件
        </FilePickerButton>
      </Space.Compact>
    </div>
  );
}
