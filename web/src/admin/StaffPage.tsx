import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Select, Table, Tag } from 'antd';
import type { TStaff, TStaffList } from '../../../server/src/modules/org/schema';
import { api, errorMessage } from '../api/client';

/** AB角: every clerk and reviewer has a backup of the same post who works their queue while they are away. */
export function StaffPage() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { data, isLoading } = useQuery({ queryKey: ['staff'], queryFn: () => api.get<TStaffList>('/api/admin/staff') });
  const setBackup = useMutation({
    mutationFn: ({ id, backupUserId }: { id: number; backupUserId: number | null }) => api.put(`/api/admin/staff/${id}/backup`, { backupUserId }),
    onSuccess: () => {
      message.success('B 角已更新');
      void client.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const staff = data?.staff ?? [];
  return (
    <Card title="人员与 AB 角">
      <Table<TStaff>
        rowKey="id"
        loading={isLoading}
        dataSource={staff}
        pagination={false}
        columns={[
          { title: '姓名', dataIndex: 'displayName' },
          { title: '岗位', dataIndex: 'role', render: (r: string) => (r === 'clerk' ? '窗口' : '审批') },
          { title: '状态', dataIndex: 'away', render: (away: boolean) => (away ? <Tag color="orange">外出</Tag> : <Tag color="green">在岗</Tag>) },
          {
            title: 'B 角',
            render: (_: unknown, s: TStaff) => (
              <Select
                allowClear
                aria-label={`${s.displayName}的 B 角`}
                style={{ width: 200 }}
                placeholder="未设置"
                value={s.backupUserId ?? undefined}
                onChange={(value?: number) => setBackup.mutate({ id: s.id, backupUserId: value ?? null })}
                options={staff.filter((o) => o.id !== s.id && o.role === s.role && o.departmentId === s.departmentId).map((o) => ({ value: o.id, label: o.displayName }))}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
