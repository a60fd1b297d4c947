import { Alert, Button, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { useItemChoices, useManagedCentres, useMoveStaff, useOrganisation, useSetBackup, useSetChiefRepresentative, type TManagedCentre } from '../../api/network';

type Staff = TManagedCentre['staff'][number];

/**
 * 调整岗位: another centre, department or window. A reviewer leaving their department hands every
 * open case to the AB partner there (the server does it in the same transaction); the dialog says so
 * before, and how many went after.
 */
export function MoveStaffDialog({ person, centreId, onClose, onDone }: { person: Staff; centreId: number; onClose: () => void; onDone: (text: string) => void }) {
  const [form] = Form.useForm<{ centreId: number; departmentId?: number; windowId?: number }>();
  const target = (Form.useWatch('centreId', form) as number | undefined) ?? centreId;
  const departmentId = Form.useWatch('departmentId', form) as number | undefined;
  const { data: centres = [] } = useManagedCentres();
  const { data: organisation } = useOrganisation(target);
  const move = useMoveStaff(centreId);
  const [error, setError] = useState<string>();
  const leavesDepartment = person.role === 'reviewer' && departmentId !== undefined && departmentId !== person.departmentId;
  return (
    <Modal
      open
      title={`调整岗位：${person.displayName}`}
      okText="确认调整"
      confirmLoading={move.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ centreId, departmentId: person.departmentId ?? undefined, windowId: person.windowId ?? undefined }}
        onFinish={async (v) => {
          try {
            const result = await move.mutateAsync({ userId: person.id, centreId: v.centreId, departmentId: v.departmentId ?? null, windowId: v.windowId ?? null });
            onDone(result.reassigned.length ? `已调整；${result.reassigned.length} 件在办件已转交 AB 角` : '已调整');
          } catch (e) {
            setError(errorMessage(e));
          }
        }}
      >
        <Form.Item name="centreId" label="服务中心">
          <Select id="move-centre" options={centres.filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))} onChange={() => form.setFieldsValue({ departmentId: undefined, windowId: undefined })} />
        </Form.Item>
        <Form.Item name="departmentId" label="部门" rules={person.role === 'reviewer' ? [{ required: true, message: '审批人员须属于一个部门' }] : []}>
          <Select id="move-department" allowClear options={(organisation?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="windowId" label="窗口">
          <Select id="move-window" allowClear options={(organisation?.windows ?? []).filter((w) => w.active).map((w) => ({ value: w.id, label: `${w.number} ${w.name}` }))} />
        </Form.Item>
      </Form>
      {leavesDepartment && person.openCases > 0 && (
        <Alert type="warning" showIcon message={`${person.displayName} 有 ${person.openCases} 件在办件，调出本部门后将全部转交 AB 角（无 AB 角时转交在办件最少的同事），AB 角关系随之解除。`} />
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

/** AB角: the colleague of the same department and post who works this person's queue while they are away. */
export function BackupDialog({ person, staff, centreId, onClose, onDone }: { person: Staff; staff: Staff[]; centreId: number; onClose: () => void; onDone: (text: string) => void }) {
  const [backup, setBackup] = useState<number | null>(person.backupUserId);
  const save = useSetBackup(centreId);
  const [error, setError] = useState<string>();
  const colleagues = staff.filter((s) => s.id !== person.id && s.role === person.role && s.departmentId === person.departmentId);
  return (
    <Modal
      open
      title={`AB 角：${person.displayName}`}
      okText="保存"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => save.mutate({ userId: person.id, backupUserId: backup }, { onSuccess: () => onDone(backup ? 'AB 角已设置' : 'AB 角已解除'), onError: (e) => setError(errorMessage(e)) })}
    >
      <Select
        id="backup-user"
        style={{ width: '100%' }}
        allowClear
        placeholder="选择 B 角（同部门、同岗位）"
        value={backup ?? undefined}
        onChange={(v: number | undefined) => setBackup(v ?? null)}
        options={colleagues.map((c) => ({ value: c.id, label: `${c.displayName}（${c.username}）` }))}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

/** 首席代表: a department's representative in the centre and the items they may decide on the spot. */
export function ChiefDialog({ person, centreId, onClose, onDone }: { person: Staff; centreId: number; onClose: () => void; onDone: (text: string) => void }) {
  const [itemIds, setItemIds] = useState<number[]>(person.authorisedItemIds);
  const { data: items = [], isLoading } = useItemChoices({ departmentId: person.departmentId ?? undefined }, person.departmentId !== null);
  const save = useSetChiefRepresentative(centreId);
  const [error, setError] = useState<string>();
  const run = (ids: number[] | null, done: string) => save.mutate({ userId: person.id, itemIds: ids }, { onSuccess: () => onDone(done), onError: (e) => setError(errorMessage(e)) });
  return (
    <Modal
      open
      title={`首席代表：${person.displayName}（${person.departmentName ?? ''}）`}
      onCancel={onClose}
      footer={[
        person.chiefRepresentative && (
          <Button key="end" danger loading={save.isPending} onClick={() => run(null, '已免去首席代表')}>
            免去首席代表
          </Button>
        ),
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="save" type="primary" loading={save.isPending} onClick={() => run(itemIds, '首席代表授权已保存')}>
          {person.chiefRepresentative ? '保存授权' : '任命首席代表'}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">授权事项：首席代表可在窗口当场作出决定（即办）的本部门事项。</Typography.Paragraph>
      <Select
        id="chief-items"
        mode="multiple"
        style={{ width: '100%' }}
        loading={isLoading}
        showSearch
        optionFilterProp="label"
        placeholder="选择授权事项"
        value={itemIds}
        onChange={setItemIds}
        options={items.map((i) => ({ value: i.id, label: i.name }))}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}
