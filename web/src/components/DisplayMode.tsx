import { FontSizeOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { createContext, useContext, useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';

const STORAGE_KEY = 'onewindow.largePrint';

/**
 * The everyday theme. antd's grey secondary text (45 % black, 3.4 : 1 on white) fails WCAG 2.1
 * AA's 4.5 : 1, and half of every page is secondary text, so the greys are darkened here once.
 */
const STANDARD: ThemeConfig = {
  token: {
    colorPrimary: '#0b4f9c',
    colorLink: '#0b4f9c',
    borderRadius: 6,
    colorTextSecondary: 'rgba(0, 0, 0, 0.66)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.66)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    // Empty-list texts ("暂无数据") are drawn in this colour although nothing is disabled.
    colorTextDisabled: 'rgba(0, 0, 0, 0.56)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorError: '#c41d1d',
  },
  components: {
    Menu: { darkItemColor: 'rgba(255, 255, 255, 0.95)', darkItemSelectedBg: '#003a75' },
  },
};

/**
 * 长辈模式 (适老化): larger type and targets, black text, stronger borders and focus, following
 * the MIIT 适老化 guidance (at least 18 px body text) and GB/T 37668's contrast rules.
 */
const LARGE_PRINT: ThemeConfig = {
  token: {
    ...STANDARD.token,
    colorPrimary: '#003a8c',
    colorLink: '#003a8c',
    colorText: '#000000',
    colorTextHeading: '#000000',
    colorTextSecondary: '#1f1f1f',
    colorTextTertiary: '#262626',
    colorTextDescription: '#1f1f1f',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.66)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.62)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.62)',
    colorBorder: '#595959',
    colorBorderSecondary: '#8c8c8c',
    fontSize: 19,
    fontSizeSM: 16,
    fontSizeLG: 21,
    fontSizeHeading1: 40,
    fontSizeHeading2: 32,
    fontSizeHeading3: 26,
    fontSizeHeading4: 22,
    fontSizeHeading5: 20,
    controlHeight: 44,
    controlHeightSM: 34,
    controlHeightLG: 52,
    lineWidthFocus: 3,
  },
  components: STANDARD.components,
};

interface DisplayMode {
  largePrint: boolean;
  setLargePrint(on: boolean): void;
}
const DisplayModeContext = createContext<DisplayMode>({ largePrint: false, setLargePrint: () => {} });

function storedLargePrint(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    // Private windows may refuse storage: the mode then lasts for the visit only.
    return false;
  }
}

/**
 * The theme of the whole app (standard or 长辈模式), remembered on this device, and the form
 * defaults every form shares: a failed submit moves the focus to the first field to correct.
 */
export function DisplayModeProvider({ children }: { children: ReactNode }) {
  const [largePrint, setLargePrint] = useState(storedLargePrint);
  useEffect(() => {
    document.documentElement.classList.toggle('large-print', largePrint);
    try {
      localStorage.setItem(STORAGE_KEY, largePrint ? 'on' : 'off');
    } catch {
      // See storedLargePrint.
    }
  }, [largePrint]);
  const value = useMemo(() => ({ largePrint, setLargePrint }), [largePrint]);
  return (
    <DisplayModeContext.Provider value={value}>
      <ConfigProvider locale={zhCN} theme={largePrint ? LARGE_PRINT : STANDARD} form={{ scrollToFirstError: { focus: true } }}>
        {children}
      </ConfigProvider>
    </DisplayModeContext.Provider>
  );
}

export const useDisplayMode = () => useContext(DisplayModeContext);

/** The switch in every page's header: 长辈模式 on or off, said aloud as a toggle button. */
export function LargePrintToggle({ compact = false, style }: { compact?: boolean; style?: CSSProperties }) {
  const { largePrint, setLargePrint } = useDisplayMode();
  const label = largePrint ? '退出长辈模式' : '长辈模式';
  return (
    <Button
      type="text"
      icon={<FontSizeOutlined />}
      aria-pressed={largePrint}
      aria-label={compact ? `${label}（大字、高对比度）` : undefined}
      title="大字、高对比度显示"
      data-testid="large-print"
      onClick={() => setLargePrint(!largePrint)}
      style={{ color: '#fff', ...style }}
    >
      {compact ? null : label}
    </Button>
  );
}
