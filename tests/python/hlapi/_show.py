"""show(): how the programs here print a result, the way pysnmp's own
examples do (no pysnmp import: the same file serves both runs)."""


def show(result):
    errorIndication, errorStatus, errorIndex, varBinds = result
    if errorIndication:
        print(errorIndication)
    elif errorStatus:
        print("%s at %s" % (errorStatus.prettyPrint(),
                            errorIndex and varBinds[int(errorIndex) - 1][0]
                            or "?"))
    else:
        for varBind in varBinds:
            print(" = ".join([x.prettyPrint() for x in varBind]))
