import { Alert, App, Button, Card, Checkbox, Col, Divider, Form, Input, Radio, Result, Row, Segmented, Select, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../api/client';
import { useItem, useItems } from '../api/catalog';
import { useWalkIn, type CaseDetail } from '../api/cases';
import { useMe } from '../api/auth';
import { useTongbanItems } from '../api/network';
import { DynamicFields } from '../components/DynamicForm';
import { PushRatingButton } from './HallPage';

/** Used only when the item lists no materials. */
const DEFAULT_CHECKLIST = ['身份证件原件', '申请表（签字/盖章）', '授权委托书（委托办理时）'];

/** 一窗受理: register a walk-in applicant, tick the checklist and accept on the spot. */
export function WalkInPage() {
  const [form] = Form.useForm();
  const [itemId, setItemId] = useState<number>();
  const [search, setSearch] = useState('');
  // 通办 (收受分离): an item of another region, received here and decided by its own department.
  const [mode, setMode] = useState<'own' | 'tongban'>('own');
  const { data: me } = useMe();
  // The catalogue is searched on the server (names, pinyin, initials), not filtered here.
  const { data: items } = useItems({ q: search || undefined });
  const { data: tongbanItems = [] } = useTongbanItems(mode === 'tongban');
  const { data: item } = useItem(itemId);
  const walkIn = useWalkIn();
  const { message } = App.useApp();
  const [created, setCreated] = useState<CaseDetail | null>(null);

  if (created) {
    return (
      <Card>
        <Result
          status="success"
          title={created.status === 'accepted' ? '已当场受理' : '已登记'}
          subTitle={`申请编号 ${created.number}`}
          extra={[
            created.status === 'accepted' && (
              <a key="print" href={`/api/cases/${created.id}/notices/acceptance`} target="_blank" rel="noreferrer">
                <Button type="primary">打印受理通知书</Button>
              </a>
            ),
            <PushRatingButton key="rate" caseId={created.id} />,
            <Link key="case" to={`/hall/cases/${created.id}`}>
              <Button>查看办件</Button>
            </Link>,
            <Button key="next" onClick={() => { setCreated(null); form.resetFields(); setItemId(undefined); }}>
              登记下一位
            </Button>,
          ]}
        />
      </Card>
    );
  }

  return (
    <Card title="窗口登记（一窗受理）">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'natural', acceptNow: true, checklist: [], delivery: 'collect' }}
        onFinish={async (values: Record<string, unknown>) => {
          const fieldKeys = new Set((item?.formFields ?? []).map((f) => f.key));
          const formData = Object.fromEntries(Object.entries(values).filter(([k, v]) => fieldKeys.has(k) && v !== undefined && v !== ''));
          try {
            const result = await walkIn.mutateAsync({
              applicant: {
                kind: values.kind as 'natural' | 'legal',
                name: String(values.name),
                identityNumber: String(values.identityNumber),
                phone: String(values.phone),
              },
              itemId: Number(itemId),
              formData,
              checklist: values.checklist as string[],
              // 容缺: the deferrable materials not ticked follow by the date the applicant promised.
              ...(values.promisedDate
                ? {
                    deferred: (item?.materials ?? [])
                      .filter((m) => m.deferrable && m.requirement === 'required' && !(values.checklist as string[]).includes(m.id))
                      .map((m) => ({ materialId: m.id, promisedDate: String(values.promisedDate) })),
                  }
                : {}),
              acceptNow: Boolean(values.acceptNow),
              ...(mode === 'tongban' && {
                delivery: values.delivery === 'collect' && me?.centreId ? { method: 'collect' as const, pickupCentreId: me.centreId } : { method: 'post' as const },
              }),
            });
            setCreated(result.case);
          } catch (e) {
            if (e instanceof ApiError && e.details.length) {
              form.setFields(e.details.map((d) => ({ name: d.field.replace(/^body\.(formData|applicant)\./, ''), errors: [d.message] })));
            }
            message.error(errorMessage(e));
          }
        }}
      >
        <Row gutter={24}>
          <Col xs={24} md={12}>
            <Divider titlePlacement="start">申请人</Divider>
            <Form.Item name="kind" label="申请人类型">
              <Radio.Group options={[{ value: 'natural', label: '自然人' }, { value: 'legal', label: '法人' }]} />
            </Form.Item>
            <Form.Item name="name" label="姓名 / 单位名称" rules={[{ required: true, message: '请填写申请人' }]}>
              <Input autoFocus />
            </Form.Item>
            <Form.Item name="identityNumber" label="身份证号 / 统一社会信用代码" rules={[{ required: true, len: 18, message: '应为 18 位' }]}>
              <Input maxLength={18} style={{ textTransform: 'uppercase' }} />
            </Form.Item>
            <Form.Item name="phone" label="手机号" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }]}>
              <Input maxLength={11} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Divider titlePlacement="start">事项与材料</Divider>
            <Form.Item>
              <Segmented
                value={mode}
                onChange={(v) => {
                  setMode(v as typeof mode);
                  setItemId(undefined);
                }}
                options={[{ value: 'own', label: '本中心事项' }, { value: 'tongban', label: '通办事项（异地受理）' }]}
              />
            </Form.Item>
            <Form.Item label="办理事项" required htmlFor="walk-in-item">
              {mode === 'own' ? (
                <Select
                  id="walk-in-item"
                  showSearch
                  filterOption={false}
                  onSearch={setSearch}
                  placeholder="输入事项名称或拼音首字母"
                  value={itemId}
                  onChange={setItemId}
                  options={(items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.departmentName}）` }))}
                />
              ) : (
                <Select
                  id="walk-in-item"
                  showSearch
                  optionFilterProp="label"
                  placeholder="选择通办事项"
                  value={itemId}
                  onChange={setItemId}
                  options={tongbanItems.map((i) => ({ value: i.id, label: `${i.name}（${i.regionName} ${i.departmentName} 审批）` }))}
                />
              )}
            </Form.Item>
            {mode === 'tongban' && (
              <>
                <Alert type="info" showIcon style={{ marginBottom: 12 }} message="收受分离：本窗口收件、受理，由事项所属地的部门审查决定；结果按申请人选择的方式送达。" />
                <Form.Item name="delivery" label="结果送达">
                  <Radio.Group options={[{ value: 'collect', label: '到本中心窗口领取' }, { value: 'post', label: '邮寄送达' }]} />
                </Form.Item>
              </>
            )}
            {item && <DynamicFields fields={item.formFields} />}
            <Form.Item name="checklist" label="材料核验">
              <Checkbox.Group
                // The item's own list of materials (一次性告知 starts from it).
                options={item?.materials?.length
                  ? item.materials.map((m) => ({
                      value: m.id,
                      label: m.requirement === 'required' ? m.name : `${m.name}（${m.requirement === 'conditional' ? '按情形' : '非必要'}）`,
                    }))
                  : DEFAULT_CHECKLIST}
                style={{ display: 'grid', gap: 4 }}
              />
            </Form.Item>
            {item?.materials?.some((m) => m.deferrable) && (
              <Form.Item name="promisedDate" label="容缺受理：未勾选的可容缺材料承诺补交日期" extra={`可容缺材料：${item.materials.filter((m) => m.deferrable).map((m) => m.name).join('、')}`}>
                <Input type="date" style={{ maxWidth: 200 }} />
              </Form.Item>
            )}
            <Form.Item name="acceptNow" valuePropName="checked">
              <Checkbox>材料齐全，当场受理</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        {!itemId && <Alert type="info" showIcon message="请先选择办理事项" style={{ marginBottom: 16 }} />}
        <Space>
          <Button type="primary" htmlType="submit" disabled={!itemId} loading={walkIn.isPending}>
            登记
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
