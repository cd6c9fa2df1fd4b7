"""The sentence of every audit event code, by area (the msgid is the Chinese; `{name}` placeholders)."""

from django.utils.translation import gettext_lazy

# fmt: off
EVENTS = {
    # sign-in, accounts, tokens
    "account.login_failed": gettext_lazy("登录失败：账号「{username}」"),
    "account.unlocked": gettext_lazy("解除锁定：账号「{username}」，IP {ip}"),
    "account.password_changed": gettext_lazy("修改本人密码"),
    "account.password_set": gettext_lazy("管理员重设密码"),
    "account.otp_enrolled": gettext_lazy("启用两步验证"),
    "account.otp_reset": gettext_lazy("重置两步验证"),
    "account.otp_passed": gettext_lazy("两步验证通过"),
    "account.otp_refused": gettext_lazy("两步验证码错误，已拒绝"),
    "account.invited": gettext_lazy("向企业发出账号邀请"),
    "account.reinvited": gettext_lazy("向企业重新发出账号邀请"),
    "account.invitation_accepted": gettext_lazy("企业接受邀请并设置密码"),
    "token.issued": gettext_lazy("签发 API 令牌"),
    "token.revoked": gettext_lazy("注销本人的 API 令牌"),
    "token.revoked_all": gettext_lazy("注销该账号的全部 API 令牌（{reason}）"),
    # the trail itself, access
    "audit.archived": gettext_lazy("归档 {before} 之前的审计记录 {rows} 条"),
    "access.denied": gettext_lazy("拒绝访问：{method} {path}（{status}）"),
    "access.download": gettext_lazy("下载文件「{file}」"),
    "access.read": gettext_lazy("通过接口批量读取：{path}（{count} 条）"),
    "admin.save": gettext_lazy("在后台管理中保存"),
    "admin.delete": gettext_lazy("在后台管理中删除"),
    "workflow.move": gettext_lazy("{action}"),
    "workflow.move_comment": gettext_lazy("{action}；意见：{comment}"),
    # exports (filters as the page's query string)
    "export.list": gettext_lazy("导出{what}"),
    "export.list_rows": gettext_lazy("导出{what}，共 {rows} 条"),
    "export.list_filtered": gettext_lazy("导出{what}；筛选条件：{filters}"),  # filters: FILTER_LABELS
    "export.list_rows_filtered": gettext_lazy("导出{what}，共 {rows} 条；筛选条件：{filters}"),
    "export.pool": gettext_lazy("导出{year}年入库名单"),
    "export.credit_rewards": gettext_lazy("导出{year}年授信奖励名单"),
    "export.cockpit": gettext_lazy("导出{year}年{month}月驾驶舱数据"),
    "export.ledger": gettext_lazy("导出子基金分类账"),
    "download.commitment_letter": gettext_lazy("下载银行续贷承诺函"),
    # policy data
    "programme.loaded": gettext_lazy("载入政策文件「{file}」"),
    "programme.replaced": gettext_lazy("以新文件替换尚未使用的规划"),
    "programme.made_current": gettext_lazy("设为当前规划"),
    "scheme.loaded": gettext_lazy("载入考核方案文件「{file}」"),
    "funds.loaded": gettext_lazy("载入基金文件「{file}」"),
    "funds.params": gettext_lazy("修改基金规则参数"),
    "funds.paused": gettext_lazy("暂停子基金业务"),
    "funds.resumed": gettext_lazy("恢复子基金业务"),
    "ledger.entry": gettext_lazy("记账：{memo}"),
    # pools
    "window.close": gettext_lazy("关闭申报窗口「{year}年{pool}，{opens}至{closes}」"),
    "bulk.uploaded": gettext_lazy("上传批量申报表「{file}」（{year}年，{pool}）"),
    "bulk.stale": gettext_lazy("批量申报处理超时，已标记为失败"),
    # reporting
    "import.succeeded": gettext_lazy("导入统计数据「{file}」"),
    "import.failed": gettext_lazy("导入失败：第{rows}行有误，未写入任何数据（{file}）"),
    "reporting.daily": gettext_lazy("每日报送任务：新建应报 {created} 项，提醒 {reminded} 项，标记逾期 {late} 项"),
    "reminder.sent": gettext_lazy("催报：提醒逾期企业的 {accounts} 个账号"),
    # credit
    "rating.run": gettext_lazy("信用评级（{trigger}）：评定 {count} 家企业"),
    "rating.requested": gettext_lazy("申请对全部企业重新评级"),
    "rating.enterprise": gettext_lazy("信用评级（{trigger}）"),
    "scoring.published": gettext_lazy("发布评分模型：{notes}"),
    "blacklist.added": gettext_lazy("列入黑名单"),
    "blacklist.removed": gettext_lazy("移出黑名单"),
    "record.withdrawn": gettext_lazy("撤销信用记录：{reason}"),
    "appeal.filed": gettext_lazy("提出信用异议"),
    "appeal.decided": gettext_lazy("处理信用异议：{decision}"),
    "appeal.upheld": gettext_lazy("维持原信用记录"),
    # docking, demo
    "specialist.replaced": gettext_lazy("更换信贷专员"),
    "demo.seeded": gettext_lazy("生成演示数据（规模 {scale}）"),
}
# fmt: on
