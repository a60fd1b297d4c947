import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Switch, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDepartments } from '../../api/catalog';
import {
  CHANNEL_LABELS,
  DEPTH_LABELS,
  STATUS_LABELS,
  suggestCode,
  TRIP_LABELS,
  useAdminItem,
  useCatalogThemes,
  useChangeItem,
  useCreateItem,
  useItemVersions,
  useLifecycleStep,
  useUpdateDraft,
  VERSION_ACTIONS,
  type ItemContent,
  type ItemDetail,
  type LifecycleStep,
} from '../../api/catalog-admin';
import { ApiError, errorMessage } from '../../api/client';
import { formatTime } from '../../components/format';

const EMPTY: ItemContent = {
  code: '',
  name: '',
  departmentId: 0,
  implementingBody: '',
  kind: 'promised',
  legalLimitText: '20个工作日',
  promisedLimitText: '5个工作日',
  description: '',
  conditions: '',
  legalBasis: [],
  materials: [],
  fees: { free: true, items: [] },
  trips: 1,
  onlineDepth: 3,
  channels: ['online', 'window'],
  windows: '',
  consultPhone: '',
  complaintPhone: '',
  process: [],
  target: 'both',
  themes: [],
  formFields: [],
  correctionStopAllowed: false,
};

function contentOf(item: ItemDetail): ItemContent {
  return {
    code: item.code,
    name: item.name,
    departmentId: item.departmentId,
    implementingBody: item.implementingBody,
    kind: item.kind,
    legalLimitText: item.legalLimitText,
    promisedLimitText: item.promisedLimitText,
    description: item.description,
    conditions: item.conditions,
    legalBasis: item.legalBasis,
    materials: item.materials,
    fees: item.fees,
    trips: item.trips,
    onlineDepth: item.onlineDepth,
    channels: item.channels,
    windows: item.windows,
    consultPhone: item.consultPhone,
    complaintPhone: item.complaintPhone,
    process: item.process,
    target: item.target,
    themes: item.themes,
    formFields: item.formFields,
    correctionStopAllowed: item.correctionStopAllowed ?? false,
  };
}

/** Drops empty optional strings the API would refuse or store as noise. */
function clean(values: ItemContent): ItemContent {
  return {
    ...values,
    materials: (values.materials ?? []).map((m) =>
      Object.fromEntries(Object.entries({ ...m, copies: m.copies ?? 1, source: m.source ?? '申请人自备' }).filter(([, v]) => v !== '' && v !== undefined && v !== null)),
    ) as unknown as ItemContent["materials"],
    legalBasis: (values.legalBasis ?? []).map((b) => ({ law: b.law, articles: b.articles ?? '' })),
    fees: { free: values.fees?.free ?? true, items: values.fees?.free ? [] : (values.fees?.items ?? []).map((f) => ({ name: f.name, standard: f.standard ?? '', basis: f.basis ?? '' })) },
    process: (values.process ?? []).map((p) => ({ name: p.name, description: p.description ?? '' })),
    formFields: (values.formFields ?? []).map((f) => ({ ...f, required: Boolean(f.required), ...(f.options?.length ? { options: f.options } : { options: undefined }) })),
  };
}

type StepDialog = { step: LifecycleStep; title: string; fields: ('reason' | 'to' | 'level' | 'creditCode' | 'from')[] } | null;

/** 事项编辑: the item to the national standard, its lifecycle and its versions. */
export function ItemEditorPage() {
  const { id } = useParams();
  const itemId = id && id !== 'new' ? Number(id) : undefined;
  const { data: item } = useAdminItem(itemId);
  const { data: versions } = useItemVersions(itemId);
  const { data: departments } = useDepartments();
  const { data: themes } = useCatalogThemes();
  const [form] = Form.useForm<ItemContent>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateItem();
  const updateDraft = useUpdateDraft(itemId ?? 0);
  const change = useChangeItem(itemId ?? 0);
  const lifecycle = useLifecycleStep(itemId ?? 0);
  const [error, setError] = useState<ApiError | null>(null);
  const [changeReason, setChangeReason] = useState<string | null>(null);
  const [dialog, setDialog] = useState<StepDialog>(null);
  const [dialogForm] = Form.useForm();
  const [typeForCode, setTypeForCode] = useState('01');

  useEffect(() => {
    form.setFieldsValue(item ? contentOf(item) : EMPTY);
  }, [item, form]);

  const report = (e: unknown) => {
    setError(e instanceof ApiError ? e : null);
    message.error(errorMessage(e));
  };

  const save = async (reason?: string) => {
    const values = clean(await form.validateFields());
    setError(null);
    try {
      if (!item) {
        const created = await create.mutateAsync(values);
        message.success('已保存为草稿');
        navigate(`/admin/catalog/${created.item.id}`, { replace: true });
      } else if (item.status === 'draft') {
        await updateDraft.mutateAsync(values);
        message.success('草稿已保存');
      } else {
        await change.mutateAsync({ reason: reason ?? '', item: values });
        message.success('已变更并生成新版本');
        setChangeReason(null);
      }
    } catch (e) {
      report(e);
    }
  };

  const runStep = async () => {
    if (!dialog) return;
    // Optional fields left blank are left out, not sent as empty text.
    const body = Object.fromEntries(Object.entries(await dialogForm.validateFields()).filter(([, v]) => v !== '' && v !== undefined));
    try {
      await lifecycle.mutateAsync({ step: dialog.step, body });
      message.success(`${dialog.title}完成`);
      setDialog(null);
      dialogForm.resetFields();
    } catch (e) {
      report(e);
    }
  };

  const status = item?.status;
  const steps: StepDialog[] = [
    status === 'draft' ? { step: 'publish', title: '发布', fields: [] } : null,
    status === 'published' ? { step: 'suspend', title: '暂停办理', fields: ['reason'] } : null,
    status === 'suspended' ? { step: 'resume', title: '恢复办理', fields: ['reason'] } : null,
    status === 'published' ? { step: 'delegate', title: '下放', fields: ['reason', 'to', 'level', 'creditCode'] } : null,
    status && status !== 'cancelled' ? { step: 'take-over', title: '承接', fields: ['reason', 'from'] } : null,
    status && status !== 'cancelled' ? { step: 'cancel', title: '取消事项', fields: ['reason'] } : null,
  ];

  const list = (name: string, label: string, render: (field: { key: number; name: number }) => React.ReactNode, add: object) => (
    <Form.List name={name}>
      {(fields, { add: push, remove }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
              {render(field)}
              <MinusCircleOutlined onClick={() => remove(field.name)} style={{ marginTop: 8 }} />
            </Space>
          ))}
          <Button type="dashed" onClick={() => push(add)} icon={<PlusOutlined />}>
            {label}
          </Button>
        </>
      )}
    </Form.List>
  );

  return (
    <Row gutter={16}>
      <Col xs={24} xl={18}>
        <Card
          title={
            <Space>
              <Link to="/admin/catalog">事项目录</Link>
              <span>/</span>
              <span>{item ? item.name : '新建事项'}</span>
              {item && <Tag color={STATUS_LABELS[item.status].color}>{STATUS_LABELS[item.status].text}</Tag>}
              {item?.versionNo && <Tag>第 {item.versionNo} 版</Tag>}
            </Space>
          }
          extra={
            <Space wrap>
              {steps.filter(Boolean).map((s) => (
                <Button key={s!.step} danger={s!.step === 'cancel'} type={s!.step === 'publish' ? 'primary' : 'default'} onClick={() => (s!.fields.length ? setDialog(s) : lifecycle.mutateAsync({ step: s!.step, body: {} }).then(() => message.success('已发布'), report))}>
                  {s!.title}
                </Button>
              ))}
              {item?.status === 'published' && <Link to={`/guide/${item.id}`}>办事指南</Link>}
            </Space>
          }
        >
          {error && error.details.length > 0 && (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} message={error.message.split('；')[0]} description={<ul style={{ margin: 0 }}>{error.details.map((d, i) => <li key={i}>{d.message}</li>)}</ul>} />
          )}
          {item && item.status !== 'draft' && <Alert type="info" showIcon style={{ marginBottom: 16 }} message="已发布的事项修改后须写明变更原因，保存即生成新版本；已受理的办件仍按其申请时的版本办理。" />}
          <Form form={form} layout="vertical" initialValues={EMPTY} disabled={item?.status === 'cancelled'}>
            <Divider titlePlacement="start">基本信息</Divider>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="name" label="事项名称" rules={[{ required: true, min: 2, max: 100 }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="departmentId" label="责任部门" rules={[{ required: true, type: 'number', min: 1, message: '请选择责任部门' }]}>
                  <Select showSearch optionFilterProp="label" options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item name="code" label="实施编码" extra="信用代码-层级-区划代码-类型-主项-子项-办理项，如 11220581MB1234567X-4-220581-XK-00001-000-01" rules={[{ required: true }]}>
                  <Input
                    addonAfter={
                      <Space size={4}>
                        <Select aria-label="事项类型" size="small" variant="borderless" value={typeForCode} onChange={setTypeForCode} style={{ width: 110 }} options={(themes?.itemTypes ?? []).map((t) => ({ value: t.code, label: t.name }))} />
                        <a
                          onClick={async () => {
                            const departmentId = form.getFieldValue('departmentId');
                            if (!departmentId) return message.warning('请先选择责任部门');
                            form.setFieldValue('code', await suggestCode(departmentId, typeForCode));
                          }}
                        >
                          生成
                        </a>
                      </Space>
                    }
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="implementingBody" label="实施主体" extra="留空同责任部门">
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="kind" label="办件类型">
                  <Radio.Group options={[{ value: 'immediate', label: '即办件' }, { value: 'promised', label: '承诺件' }]} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="target" label="服务对象">
                  <Select options={[{ value: 'natural', label: '自然人' }, { value: 'legal', label: '法人' }, { value: 'both', label: '自然人、法人' }]} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="themes" label="主题分类">
                  <Select mode="multiple" options={(themes?.themes ?? []).map((t) => ({ value: t.name, label: `${t.name}（${t.audience === 'natural' ? '个人' : '法人'}）` }))} />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start">办理时限（按办事指南原文填写）</Divider>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="legalLimitText" label="法定办结时限" extra="如：20个工作日；六十日；当场办结；经批准可延长10个工作日。法律法规未规定时限的非行政许可事项留空或写「无」">
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="promisedLimitText" label="承诺办结时限" rules={[{ required: true }]} extra="可分情形：不需现场核查的，当场办结；需现场核查的，5个工作日">
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="correctionStopAllowed"
              label="受理后补正中止计时"
              valuePropName="checked"
              extra="仅当本事项的法律法规或办理规定明确受理后可要求申请人补正材料时开启；默认关闭。听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审依《行政许可法》第四十五条中止计时，现场勘查照常计时。"
            >
              <Switch checkedChildren="事项规定可补正" unCheckedChildren="不设受理后补正" data-testid="correction-stop-allowed" />
            </Form.Item>
            {item && (item.promisedLimitConditions.length > 0 || item.legalExtensionWorkdays) && (
              <Typography.Paragraph type="secondary">
                {item.promisedLimitConditions.map((c) => `${c.condition}：${c.value}${c.unit === 'workday' ? '个工作日' : c.unit === 'on_the_spot' ? '（当场）' : c.unit === 'hour' ? '小时' : '日'}`).join('；')}
                {item.legalExtensionWorkdays ? `　可延长 ${item.legalExtensionWorkdays} 个工作日` : ''}
              </Typography.Paragraph>
            )}

            <Divider titlePlacement="start">设定依据与受理条件</Divider>
            {list('legalBasis', '添加设定依据', (f) => (
              <>
                <Form.Item name={[f.name, 'law']} rules={[{ required: true, message: '法律法规名称' }]} style={{ width: 340 }}>
                  <Input placeholder="《中华人民共和国行政许可法》" />
                </Form.Item>
                <Form.Item name={[f.name, 'articles']} style={{ width: 240 }}>
                  <Input placeholder="第十二条" />
                </Form.Item>
              </>
            ), { law: '', articles: '' })}
            <Form.Item name="conditions" label="受理条件" style={{ marginTop: 16 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
            </Form.Item>

            <Divider titlePlacement="start">申请材料</Divider>
            {list('materials', '添加材料', (f) => (
              <>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '材料名称' }]} style={{ width: 260 }}>
                  <Input placeholder="材料名称" />
                </Form.Item>
                <Form.Item name={[f.name, 'requirement']} style={{ width: 110 }}>
                  <Select aria-label="必要性" options={[{ value: 'required', label: '必要' }, { value: 'optional', label: '非必要' }, { value: 'conditional', label: '按情形' }]} />
                </Form.Item>
                <Form.Item name={[f.name, 'condition']} style={{ width: 180 }}>
                  <Input placeholder="情形（按情形时填写）" />
                </Form.Item>
                <Form.Item name={[f.name, 'form']} style={{ width: 130 }}>
                  <Select aria-label="材料形式" options={[{ value: 'original', label: '原件' }, { value: 'copy', label: '复印件' }, { value: 'original_and_copy', label: '原件和复印件' }, { value: 'electronic', label: '电子材料' }]} />
                </Form.Item>
                <Form.Item name={[f.name, 'copies']} style={{ width: 80 }}>
                  <InputNumber aria-label="份数" min={0} max={99} addonAfter="份" />
                </Form.Item>
                <Form.Item name={[f.name, 'licenceType']} style={{ width: 170 }}>
                  <Input placeholder="可替代的电子证照" />
                </Form.Item>
                <Form.Item name={[f.name, 'source']} style={{ width: 170 }}>
                  <Input placeholder="来源，如 申请人自备" />
                </Form.Item>
                <Form.Item name={[f.name, 'blankForm']} style={{ width: 200 }}>
                  <Input placeholder="空白表格（名称或链接）" />
                </Form.Item>
                <Form.Item name={[f.name, 'deferrable']} valuePropName="checked">
                  <Checkbox>可容缺受理（受理后按承诺日期补交）</Checkbox>
                </Form.Item>
              </>
            ), { name: '', requirement: 'required', form: 'original', copies: 1, source: '申请人自备' })}

            <Divider titlePlacement="start">收费</Divider>
            <Form.Item name={['fees', 'free']} label="不收费" valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.fees?.free !== b.fees?.free}>
              {() =>
                !form.getFieldValue(['fees', 'free']) && (
                  <Form.List name={['fees', 'items']}>
                    {(fields, { add, remove }) => (
                      <>
                        {fields.map((f) => (
                          <Space key={f.key} wrap align="start">
                            <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '收费项目' }]}>
                              <Input placeholder="收费项目" style={{ width: 200 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'standard']}>
                              <Input placeholder="标准" style={{ width: 220 }} />
                            </Form.Item>
                            <Form.Item name={[f.name, 'basis']}>
                              <Input placeholder="依据" style={{ width: 300 }} />
                            </Form.Item>
                            <MinusCircleOutlined onClick={() => remove(f.name)} style={{ marginTop: 8 }} />
                          </Space>
                        ))}
                        <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', standard: '', basis: '' })}>
                          添加收费项目
                        </Button>
                      </>
                    )}
                  </Form.List>
                )
              }
            </Form.Item>

            <Divider titlePlacement="start">办理方式</Divider>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="trips" label="到现场次数">
                  <Select options={TRIP_LABELS.map((label, value) => ({ value, label }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="onlineDepth" label="网办深度">
                  <Select options={[1, 2, 3, 4].map((value) => ({ value, label: DEPTH_LABELS[value] }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="channels" label="办理渠道" rules={[{ required: true, type: 'array', min: 1 }]}>
                  <ChannelsField />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="windows" label="办理窗口">
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="consultPhone" label="咨询电话">
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="complaintPhone" label="投诉电话">
                  <Input />
                </Form.Item>
              </Col>
            </Row>
            {list('process', '添加办理环节', (f) => (
              <>
                <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '环节' }]} style={{ width: 160 }}>
                  <Input placeholder="环节，如 受理" />
                </Form.Item>
                <Form.Item name={[f.name, 'description']} style={{ width: 480 }}>
                  <Input placeholder="说明" />
                </Form.Item>
              </>
            ), { name: '', description: '' })}
            <Form.Item name="description" label="办理说明" style={{ marginTop: 16 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>

            <Divider titlePlacement="start">网上申请表单</Divider>
            {list('formFields', '添加表单字段', (f) => (
              <>
                <Form.Item name={[f.name, 'key']} rules={[{ required: true, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, message: '英文键' }]} style={{ width: 140 }}>
                  <Input placeholder="键，如 contactPhone" />
                </Form.Item>
                <Form.Item name={[f.name, 'label']} rules={[{ required: true, message: '标签' }]} style={{ width: 160 }}>
                  <Input placeholder="标签" />
                </Form.Item>
                <Form.Item name={[f.name, 'type']} style={{ width: 110 }}>
                  <Select aria-label="字段类型" options={['text', 'textarea', 'number', 'date', 'select', 'phone'].map((value) => ({ value, label: { text: '文本', textarea: '多行文本', number: '数字', date: '日期', select: '下拉', phone: '手机号' }[value] }))} />
                </Form.Item>
                <Form.Item name={[f.name, 'required']} valuePropName="checked">
                  <Checkbox>必填</Checkbox>
                </Form.Item>
                <Form.Item name={[f.name, 'options']} style={{ width: 240 }}>
                  <Select aria-label="下拉选项" mode="tags" placeholder="下拉选项" />
                </Form.Item>
              </>
            ), { key: '', label: '', type: 'text', required: true })}
          </Form>
          <Divider />
          <Space>
            {(!item || item.status === 'draft') && (
              <Button type="primary" loading={create.isPending || updateDraft.isPending} onClick={() => save()}>
                保存草稿
              </Button>
            )}
            {item && (item.status === 'published' || item.status === 'suspended') && (
              <Button type="primary" onClick={() => setChangeReason('')}>
                保存变更（生成新版本）
              </Button>
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={6}>
        <Card title="版本记录" size="small">
          {!versions?.length ? (
            <Typography.Text type="secondary">发布后生成第 1 版</Typography.Text>
          ) : (
            <Timeline
              items={versions.map((v) => ({
                children: (
                  <div>
                    <b>第 {v.versionNo} 版 · {VERSION_ACTIONS[v.action] ?? v.action}</b>
                    <div>{v.reason}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {v.actorName ?? '系统'} · {formatTime(v.createdAt)}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </Col>

      <Modal title="变更原因" open={changeReason !== null} onCancel={() => setChangeReason(null)} onOk={() => save(changeReason ?? '')} okButtonProps={{ disabled: (changeReason ?? '').trim().length < 2, loading: change.isPending }}>
        <Input.TextArea value={changeReason ?? ''} onChange={(e) => setChangeReason(e.target.value)} placeholder="如：依据某文件压缩承诺时限" autoSize={{ minRows: 3 }} />
      </Modal>
      <Modal title={dialog?.title} open={dialog !== null} onCancel={() => setDialog(null)} onOk={runStep} confirmLoading={lifecycle.isPending} destroyOnHidden>
        <Form form={dialogForm} layout="vertical">
          {dialog?.fields.includes('to') && (
            <Form.Item name="to" label="下放至" rules={[{ required: true, min: 2 }]}>
              <Input placeholder="如：各乡镇人民政府" />
            </Form.Item>
          )}
          {dialog?.fields.includes('level') && (
            <Form.Item name="level" label="实施层级" initialValue={5} rules={[{ required: true }]}>
              <Select options={[{ value: 5, label: '乡镇级' }, { value: 6, label: '村级' }]} />
            </Form.Item>
          )}
          {dialog?.fields.includes('creditCode') && (
            <>
              <Form.Item name="creditCode" label="承接主体统一社会信用代码" extra="用于生成下放后的实施编码；承接主体已是本系统部门时可不填" rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/i, message: '应为 18 位统一社会信用代码' }]}>
                <Input maxLength={18} />
              </Form.Item>
              <Form.Item name="regionCode" label="承接主体所在行政区划代码" rules={[{ pattern: /^\d{6}$/, message: '应为 6 位行政区划代码，如 220581' }]}>
                <Input maxLength={6} inputMode="numeric" placeholder="如：220581" />
              </Form.Item>
            </>
          )}
          {dialog?.fields.includes('from') && (
            <Form.Item name="from" label="承接自" rules={[{ required: true, min: 2 }]}>
              <Input placeholder="如：通化市住房和城乡建设局" />
            </Form.Item>
          )}
          {dialog?.fields.includes('reason') && (
            <Form.Item name="reason" label="原因" rules={[{ required: true, min: 2, message: '请写明原因' }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Row>
  );
}

/**
 * 办理渠道 as a named group of check boxes. Form.Item marks its child aria-required, which a
 * plain <div> may not carry; the group takes the value and the name, not the mark.
 */
function ChannelsField({ value, onChange, id }: { value?: string[]; onChange?: (value: string[]) => void; id?: string }) {
  return (
    <div role="group" id={id} aria-label="办理渠道">
      <Checkbox.Group value={value} onChange={(v) => onChange?.(v as string[])} options={Object.entries(CHANNEL_LABELS).map(([key, label]) => ({ value: key, label }))} />
    </div>
  );
}
