import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { BackupDialog, ChiefDialog, MoveStaffDialog } from './StaffDialogs';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useDepartments } from '../../api/catalog';
import { useReport } from '../../components/useReport';
import {
  CENTRE_KIND_LABELS,
  useCentreDetail,
  useCreateWindow,
  useEnterDepartment,
  useItemChoices,
  useJoinStaff,
  useLeaveDepartment,
  useOrganisation,
  useRemoveStaff,
  useUpdateWindow,
  type TManagedCentre,
} from '../../api/network';

type Window = TManagedCentre['windows'][number];
type Staff = TManagedCentre['staff'][number];
const ROLE_NAMES: Record<string, string> = { clerk: '窗口人员', reviewer: '审批人员', admin: '管理员', agent: '代办员' };

/** 进驻动态管理 of one centre: departments present, windows and the items they serve, staff. */
export function CentreOrganisationPage() {
  const centreId = Number(useParams().id);
  const { message } = App.useApp();
  const { data: centre } = useCentreDetail(centreId);
  const { data, isLoading } = useOrganisation(centreId);
  const { data: departments = [] } = useDepartments();
  const [itemQuery, setItemQuery] = useState('');
  const { data: items = [] } = useItemChoices({ q: itemQuery || undefined });
  const createWindow = useCreateWindow(centreId);
  const updateWindow = useUpdateWindow(centreId);
  const joinStaff = useJoinStaff(centreId);
  const enter = useEnterDepartment(centreId);
  const leave = useLeaveDepartment(centreId);
  const remove = useRemoveStaff(centreId);
  const [dialog, setDialog] = useState<'window' | 'staff' | null>(null);
  const [editing, setEditing] = useState<Window | null>(null);
  const [staffDialog, setStaffDialog] = useState<{ kind: 'move' | 'ab' | 'chief'; person: Staff } | null>(null);
  const [windowForm] = Form.useForm();
  const [staffForm] = Form.useForm();
  const [editForm] = Form.useForm();
  const windowKind = Form.useWatch('kind', windowForm) as string | undefined;
  const staffDone = (text: string) => {
    message.success(text);
    setStaffDialog(null);
  };
  // Items already chosen stay labelled while the search shows others.
  const itemOptions = (chosen: { id: number; name: string }[] = []) =>
    [...chosen, ...items.filter((i) => !chosen.some((c) => c.id === i.id))].map((i) => ({ value: i.id, label: i.name }));

  const report = useReport();
  const run = async (action: () => Promise<unknown>, done: string) => {
    const ok = await report(action, done);
    if (ok) setDialog(null);
    return ok;
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={centre?.name ?? '网点'} loading={!centre}>
        {centre && (
          <Descriptions size="small" column={2}>
            <Descriptions.Item label="类型">{CENTRE_KIND_LABELS[centre.kind]}</Descriptions.Item>
            <Descriptions.Item label="区划">{`${centre.regionName}（${centre.regionCode}）`}</Descriptions.Item>
            <Descriptions.Item label="地址">{centre.address}</Descriptions.Item>
            <Descriptions.Item label="办公时间">{centre.hours}</Descriptions.Item>
            <Descriptions.Item label="功能区">{centre.functionalAreas.join('、')}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Card
        title="进驻部门"
        extra={
          <Select
            aria-label="部门进驻"
            style={{ width: 260 }}
            placeholder="部门进驻…"
            value={null}
            options={departments.filter((d) => !data?.departments.some((p) => p.id === d.id)).map((d) => ({ value: d.id, label: d.name }))}
            onChange={(id: number) => void run(() => enter.mutateAsync(id), '部门已进驻')}
          />
        }
      >
        <Space wrap>
          {data?.departments.map((d) => (
            <Popconfirm
              key={d.id}
              title={`${d.name} 撤出本中心？`}
              description="须先调整其工作人员、关闭其窗口"
              okText="撤出"
              onConfirm={() => void run(() => leave.mutateAsync(d.id), '部门已撤出')}
            >
              <Tag closable onClose={(e) => e.preventDefault()} data-testid="present-department">
                {d.name}
              </Tag>
            </Popconfirm>
          ))}
        </Space>
      </Card>
      <Card title="窗口" extra={<Button onClick={() => setDialog('window')}>开设窗口</Button>}>
        <Table<Window>
          rowKey="id"
          loading={isLoading}
          dataSource={data?.windows ?? []}
          pagination={false}
          columns={[
            { title: '窗口号', dataIndex: 'number' },
            { title: '名称', dataIndex: 'name' },
            { title: '类型', render: (_: unknown, w) => (w.kind === 'comprehensive' ? '综合窗口' : `部门窗口（${w.departmentName}）`) },
            { title: '办理事项', render: (_: unknown, w) => w.items.map((i) => i.name).join('、') || '（全部综合受理事项）' },
            { title: '状态', dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">开放</Tag> : <Tag>已关闭</Tag>) },
            {
              title: '',
              render: (_: unknown, w) => (
                <Space>
                  <Button size="small" onClick={() => setEditing(w)}>
                    修改
                  </Button>
                  {w.active ? (
                    <Popconfirm title={`关闭窗口 ${w.number}？`} okText="关闭" onConfirm={() => void run(() => updateWindow.mutateAsync({ windowId: w.id, active: false }), '窗口已关闭')}>
                      <Button size="small" danger>
                        关闭
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button size="small" onClick={() => void run(() => updateWindow.mutateAsync({ windowId: w.id, active: true }), '窗口已重新开放')}>
                      重新开放
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title="工作人员" extra={<Button onClick={() => setDialog('staff')}>人员入驻</Button>}>
        <Table<Staff>
          rowKey="id"
          loading={isLoading}
          dataSource={data?.staff ?? []}
          pagination={false}
          columns={[
            { title: '姓名', dataIndex: 'displayName' },
            { title: '用户名', dataIndex: 'username' },
            { title: '岗位', dataIndex: 'role', render: (r: string) => ROLE_NAMES[r] ?? r },
            { title: '部门', dataIndex: 'departmentName' },
            { title: '窗口', dataIndex: 'windowNumber' },
            { title: '在办件', dataIndex: 'openCases' },
            { title: 'AB 角', dataIndex: 'backupUserId', render: (id: number | null) => data?.staff.find((x) => x.id === id)?.displayName ?? '—' },
            {
              title: '首席代表',
              dataIndex: 'chiefRepresentative',
              render: (c: boolean, s) => (c ? <Tag color="blue">首席代表（授权 {s.authorisedItemIds.length} 项）</Tag> : null),
            },
            {
              title: '',
              render: (_: unknown, s) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setStaffDialog({ kind: 'move', person: s })}>
                    调整
                  </Button>
                  {(s.role === 'reviewer' || s.role === 'clerk') && (
                    <Button size="small" onClick={() => setStaffDialog({ kind: 'ab', person: s })}>
                      AB 角
                    </Button>
                  )}
                  {s.role === 'reviewer' && (
                    <Button size="small" onClick={() => setStaffDialog({ kind: 'chief', person: s })}>
                      首席代表
                    </Button>
                  )}
                  <Popconfirm
                    title={`${s.displayName} 离岗？`}
                    description="账号即时停用，已登录的会话立即失效；在办件转交 AB 角"
                    okText="确认离岗"
                    onConfirm={() =>
                      void run(async () => {
                        const result = await remove.mutateAsync(s.id);
                        if (result.reassigned.length) message.info(`${result.reassigned.length} 件在办件已转交`);
                      }, '已办理离岗')
                    }
                  >
                    <Button danger size="small">
                      离岗
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal title="开设窗口" open={dialog === 'window'} okText="开设" onCancel={() => setDialog(null)} onOk={() => windowForm.submit()} destroyOnHidden>
        <Form
          form={windowForm}
          layout="vertical"
          initialValues={{ kind: 'comprehensive' }}
          onFinish={(v: { number: string; name: string; kind: 'comprehensive' | 'department'; departmentId?: number; itemIds?: number[] }) =>
            void run(() => createWindow.mutateAsync({ ...v, departmentId: v.departmentId ?? null, itemIds: v.itemIds ?? [] }), '窗口已开设').then((ok) => ok && windowForm.resetFields())
          }
        >
          <Form.Item htmlFor="window-number" name="number" label="窗口号" rules={[{ required: true, message: '请填写窗口号' }]}>
            <Input id="window-number" />
          </Form.Item>
          <Form.Item htmlFor="window-name" name="name" label="名称" rules={[{ required: true, min: 2, message: '请填写窗口名称' }]}>
            <Input id="window-name" />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select options={[{ value: 'comprehensive', label: '综合窗口' }, { value: 'department', label: '部门窗口' }]} />
          </Form.Item>
          {windowKind === 'department' && (
            <Form.Item name="departmentId" label="部门" rules={[{ required: true, message: '请选择部门' }]}>
              <Select options={(data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
          )}
          <Form.Item name="itemIds" label="办理事项">
            <Select mode="multiple" showSearch filterOption={false} onSearch={setItemQuery} placeholder="输入事项名称搜索" options={itemOptions()} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title="人员入驻" open={dialog === 'staff'} okText="入驻" onCancel={() => setDialog(null)} onOk={() => staffForm.submit()} destroyOnHidden>
        <Form
          form={staffForm}
          layout="vertical"
          initialValues={{ role: 'clerk' }}
          onFinish={(v: { username: string; displayName: string; role: 'clerk' | 'reviewer' | 'agent'; phone: string; password: string; departmentId?: number; windowId?: number }) =>
            void run(() => joinStaff.mutateAsync({ ...v, departmentId: v.departmentId ?? null, windowId: v.windowId ?? null }), '人员已入驻').then((ok) => ok && staffForm.resetFields())
          }
        >
          <Form.Item htmlFor="staff-name" name="displayName" label="姓名" rules={[{ required: true, min: 2, message: '请填写姓名' }]}>
            <Input id="staff-name" />
          </Form.Item>
          <Form.Item htmlFor="staff-username" name="username" label="用户名" rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '3–64 位字母数字' }]}>
            <Input id="staff-username" />
          </Form.Item>
          <Form.Item htmlFor="staff-role" name="role" label="岗位">
            <Select id="staff-role" options={[{ value: 'clerk', label: '窗口人员' }, { value: 'reviewer', label: '审批人员' }, { value: 'agent', label: '代办员' }]} />
          </Form.Item>
          <Form.Item name="departmentId" label="部门（审批人员必填）">
            <Select allowClear options={(data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />
          </Form.Item>
          <Form.Item htmlFor="staff-window" name="windowId" label="窗口">
            <Select id="staff-window" allowClear options={(data?.windows ?? []).filter((w) => w.active).map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))} />
          </Form.Item>
          <Form.Item htmlFor="staff-phone" name="phone" label="手机号" rules={[{ required: true, pattern: /^1\d{10}$/, message: '请输入 11 位手机号' }]}>
            <Input id="staff-phone" />
          </Form.Item>
          <Form.Item htmlFor="staff-password" name="password" label="初始密码" rules={[{ required: true, min: 10, message: '至少 10 位' }]}>
            <Input.Password id="staff-password" />
          </Form.Item>
        </Form>
      </Modal>
      {editing && (
        <Modal title={`修改窗口 ${editing.number}`} open okText="保存" onCancel={() => setEditing(null)} onOk={() => editForm.submit()} destroyOnHidden>
          <Form
            form={editForm}
            layout="vertical"
            initialValues={{ name: editing.name, itemIds: editing.items.map((i) => i.id) }}
            onFinish={(v: { name: string; itemIds: number[] }) =>
              void run(() => updateWindow.mutateAsync({ windowId: editing.id, name: v.name, itemIds: v.itemIds }), '窗口已修改').then((ok) => ok && setEditing(null))
            }
          >
            <Form.Item name="name" label="名称" rules={[{ required: true, min: 2, message: '请填写窗口名称' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="itemIds" label={editing.kind === 'department' ? `办理事项（${editing.departmentName} 的事项）` : '办理事项'}>
              <Select mode="multiple" showSearch filterOption={false} onSearch={setItemQuery} placeholder="输入事项名称搜索" options={itemOptions(editing.items)} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {staffDialog?.kind === 'move' && <MoveStaffDialog person={staffDialog.person} centreId={centreId} onClose={() => setStaffDialog(null)} onDone={staffDone} />}
      {staffDialog?.kind === 'ab' && <BackupDialog person={staffDialog.person} staff={data?.staff ?? []} centreId={centreId} onClose={() => setStaffDialog(null)} onDone={staffDone} />}
      {staffDialog?.kind === 'chief' && <ChiefDialog person={staffDialog.person} centreId={centreId} onClose={() => setStaffDialog(null)} onDone={staffDone} />}
    </Space>
  );
}
