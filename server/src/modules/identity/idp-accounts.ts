import { withCreditCheck, withResidentCheck } from '../../util/identity.js';

/**
 * The real-name identities the local identity provider knows: a stand-in for the province's
 * 统一身份认证平台 in the demo and the tests. Each is what such a platform has verified about a
 * person (name, 居民身份证号, phone) and, for a 法人 login, the enterprise the person signs in for
 * (统一社会信用代码, name, 法定代表人). A real deployment points ONEWINDOW_OIDC_ISSUER at the
 * province's platform and these are never served.
 */
export interface IdpPerson {
  name: string;
  idNumber: string;
  phone: string;
}

export interface IdpEnterprise {
  name: string;
  creditCode: string;
  legalRepName: string;
  legalRepIdNumber: string;
}

export interface IdpAccount {
  /** The login name typed on the identity provider's page; also its subject. */
  login: string;
  kind: 'natural' | 'legal';
  person: IdpPerson;
  enterprise?: IdpEnterprise;
  /** Shown on the provider's page beside the demo account, so a visitor knows whom to pick. */
  note: string;
}

const XINDA: IdpEnterprise = {
  name: '梅河口市鑫达食品有限公司',
  creditCode: withCreditCheck('91220581MA0Y3K2L8'),
  legalRepName: '陈建国',
  legalRepIdNumber: withResidentCheck('22058119760305001'),
};

export const IDP_ACCOUNTS: IdpAccount[] = [
  {
    login: 'zhangwei',
    kind: 'natural',
    person: { name: '张伟', idNumber: withResidentCheck('22058119850612003'), phone: '13843512345' },
    note: '个人：张伟（与本平台账户 applicant1 同一身份证号，首次登录即关联）',
  },
  {
    login: 'wangxiuying',
    kind: 'natural',
    person: { name: '王秀英', idNumber: withResidentCheck('22058119560918002'), phone: '13804351122' },
    note: '个人：王秀英（本平台尚无账户，首次登录自动开通）',
  },
  {
    login: 'xinda_chen',
    kind: 'legal',
    person: { name: '陈建国', idNumber: XINDA.legalRepIdNumber, phone: '13504351234' },
    enterprise: XINDA,
    note: '法人：鑫达食品，法定代表人陈建国本人登录',
  },
  {
    login: 'xinda_liu',
    kind: 'legal',
    person: { name: '刘晓燕', idNumber: withResidentCheck('22058119930721004'), phone: '13504352468' },
    enterprise: XINDA,
    note: '法人：鑫达食品，经办人刘晓燕登录',
  },
  {
    login: 'xinda_sun',
    kind: 'legal',
    person: { name: '孙丽', idNumber: withResidentCheck('22058119950214006'), phone: '13504353579' },
    enterprise: XINDA,
    note: '法人：鑫达食品，孙丽（尚未被添加为经办人）',
  },
];

/** 统一身份认证 claims beyond the standard `name` and `phone_number` (scope `realname`). */
export const REALNAME_CLAIMS = ['user_type', 'id_number', 'credit_code', 'org_name', 'legal_rep_name', 'legal_rep_id_number'] as const;

/** The claims an account releases: the person, and for a 法人 login the enterprise. */
export function claimsOf(account: IdpAccount): Record<string, string> {
  return {
    name: account.person.name,
    phone_number: account.person.phone,
    user_type: account.kind,
    id_number: account.person.idNumber,
    ...(account.enterprise && {
      credit_code: account.enterprise.creditCode,
      org_name: account.enterprise.name,
      legal_rep_name: account.enterprise.legalRepName,
      legal_rep_id_number: account.enterprise.legalRepIdNumber,
    }),
  };
}
