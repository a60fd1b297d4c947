import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, List, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useMe } from '../../api/auth';
import { errorMessage } from '../../api/client';
import { useCalendarDays, useCalendarStatus, useRemoveRegionDay, useSaveRegionDay, useSaveSchedule, type TCalendarDay } from '../../api/calendar';

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

const CELL: Record<TCalendarDay['kind'], React.CSSProperties> = {
  workday: { background: '#fff' },
  weekend: { background: '#f2f3f5', color: '#595959' },
  holiday: { background: '#fde2e1', color: '#c41d1d', fontWeight: 600 },
  makeup: { background: '#dbeafe', color: '#0b4f9c', fontWeight: 600 },
};

function Month({ month, days }: { month: number; days: TCalendarDay[] }) {
  // Monday-first grid: pad the first week.
  const offset = (dayjs(days[0]!.date).day() + 6) % 7;
  return (
    <Card size="small" title={`${month} 月`} styles={{ body: { padding: 8 } }}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 12, textAlign: 'center' }}>
        {WEEK.map((w) => (
          <div key={w} style={{ color: '#595959' }}>
            {w}
          </div>
        ))}
        {Array.from({ length: offset }, (_, i) => (
          <div key={`pad${i}`} />
        ))}
        {days.map((d) => (
          <div key={d.date} title={d.name ? `${d.date} ${d.name}${d.kind === 'makeup' ? '（调休上班）' : ''}` : d.date} style={{ ...CELL[d.kind], borderRadius: 4, padding: '3px 0', position: 'relative' }}>
            {Number(d.date.slice(8))}
            {d.kind === 'makeup' && <span style={{ position: 'absolute', top: -2, right: 1, fontSize: 8 }}>班</span>}
          </div>
        ))}
      </div>
    </Card>
  );
}

/** 节假日管理: the year at a glance, next year's notice, and this region's closed days. */
export function CalendarPage() {
  const { data: me } = useMe();
  const [year, setYear] = useState(dayjs().year());
  const { data: days } = useCalendarDays(year, me?.regionCode);
  const { data: status } = useCalendarStatus();
  const [entering, setEntering] = useState(false);
  const known = new Set(status?.years.map((y) => y.year));
  const byMonth = Array.from({ length: 12 }, (_, m) => (days ?? []).filter((d) => Number(d.date.slice(5, 7)) === m + 1));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {status?.warnings.map((w) => <Alert key={w} type="warning" showIcon message={w} />)}
      <Card
        title={
          <Space>
            工作日历
            <InputNumber aria-label="年份" value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} style={{ width: 100 }} />
            {known.has(year) ? <Tag color="green">已录入国务院安排</Tag> : <Tag color="orange">未录入，按周一至周五暂定</Tag>}
          </Space>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEntering(true)}>
            录入节假日安排
          </Button>
        }
      >
        <Space style={{ marginBottom: 12 }} wrap>
          <Tag color="red">放假</Tag>
          <Tag color="blue">调休上班（班）</Tag>
          <Tag>周末</Tag>
          <Typography.Text type="secondary">{status?.years.find((y) => y.year === year)?.source}</Typography.Text>
        </Space>
        <Row gutter={[12, 12]}>
          {byMonth.map((monthDays, m) =>
            monthDays.length ? (
              <Col xs={24} sm={12} md={8} xl={6} key={m}>
                <Month month={m + 1} days={monthDays} />
              </Col>
            ) : null,
          )}
        </Row>
      </Card>
      <RegionDays />
      <ScheduleDrawer year={year} open={entering} onClose={() => setEntering(false)} />
    </Space>
  );
}

function RegionDays() {
  const { data: status } = useCalendarStatus();
  const save = useSaveRegionDay();
  const remove = useRemoveRegionDay();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Card title={`本地区不办公日（区划 ${status?.regionCode ?? '—'}）`}>
      <Form
        form={form}
        layout="inline"
        onFinish={(v: { date: dayjs.Dayjs; name: string }) =>
          save.mutate(
            { date: v.date.format('YYYY-MM-DD'), name: v.name },
            { onSuccess: () => (message.success('已保存'), form.resetFields()), onError: (e) => message.error(errorMessage(e)) },
          )
        }
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="date" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker placeholder="日期" />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, message: '请填写原因' }]}>
          <Input placeholder="原因，如：大厅设备检修" style={{ width: 240 }} />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>
          添加
        </Button>
      </Form>
      <List
        size="small"
        dataSource={status?.regionDays ?? []}
        locale={{ emptyText: '没有本地区的不办公日' }}
        renderItem={(d) => (
          <List.Item actions={[<Button key="d" type="text" danger icon={<DeleteOutlined />} onClick={() => remove.mutate(d.date)} />]}>
            {d.date} · {d.name}
          </List.Item>
        )}
      />
    </Card>
  );
}

const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节', '国庆节、中秋节'];

function ScheduleDrawer({ year, open, onClose }: { year: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const save = useSaveSchedule();
  const { message } = App.useApp();
  return (
    <Drawer title={`录入 ${year} 年节假日安排`} open={open} onClose={onClose} size="large" destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ source: `国务院办公厅关于${year}年部分节假日安排的通知`, holidays: [{ name: '元旦' }] }}
        onFinish={(v: { source: string; holidays: { name: string; range: [dayjs.Dayjs, dayjs.Dayjs]; makeup?: dayjs.Dayjs[] }[] }) =>
          save.mutate(
            {
              year,
              schedule: {
                source: v.source,
                holidays: v.holidays.map((h) => ({
                  name: h.name,
                  from: h.range[0].format('YYYY-MM-DD'),
                  to: h.range[1].format('YYYY-MM-DD'),
                  makeupWorkdays: (h.makeup ?? []).map((d) => d.format('YYYY-MM-DD')),
                })),
              },
            },
            {
              onSuccess: (r) => {
                message.success(`已保存，重新计算了 ${r.recomputedCases} 件暂定期限`);
                onClose();
              },
              onError: (e) => message.error(errorMessage(e)),
            },
          )
        }
      >
        <Form.Item name="source" label="通知文号或标题" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} />}>
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'name']} label="节日" rules={[{ required: true }]}>
                      <Select aria-label="节日名称" style={{ width: 150 }} options={HOLIDAY_NAMES.map((n) => ({ value: n, label: n }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'range']} label="放假日期" rules={[{ required: true, message: '请选择放假日期' }]}>
                      <DatePicker.RangePicker />
                    </Form.Item>
                    <Form.Item name={[field.name, 'makeup']} label="调休上班日">
                      <DatePicker multiple />
                    </Form.Item>
                  </Space>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})} block>
                添加节日
              </Button>
            </>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }}>
          保存并重新计算暂定期限
        </Button>
      </Form>
    </Drawer>
  );
}
