"""Bank–enterprise docking (银企对接, 罗发〔2016〕23号 第22条): 银企对话会 and their intentions, the
banks' credit specialists (信贷专员) and their visits, and the green channel (绿色通道) for pool entries'
loan applications with each bank's approval times and 应贷尽贷 rate."""
